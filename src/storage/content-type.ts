// The Content-Type a stored object carries, from its container (the name's extension): a browser or CDN
// serving the result plays a .webm as WebM and offers a .mkv as Matroska, not everything as MP4.
import { extname } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.mka': 'audio/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
  '.ts': 'video/mp2t',
  '.m2ts': 'video/mp2t',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.ogv': 'video/ogg',
  '.ogg': 'video/ogg',
  '.flv': 'video/x-flv',
  '.3gp': 'video/3gpp',
  '.nut': 'video/x-nut',
  '.json': 'application/json',
};

/** The Content-Type for an object or file named `name` (its extension, any case); octet-stream when unknown. */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}
