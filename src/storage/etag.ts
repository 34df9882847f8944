// What an ETag can prove. Only a plain 32-hex ETag from a single-part, unencrypted upload is the MD5 of
// the bytes; a "-N" suffix marks a multipart composite; anything else is opaque.
export type EtagKind = 'md5' | 'multipart' | 'opaque' | 'missing';

export function classifyEtag(etag: string | undefined): EtagKind {
  if (!etag) return 'missing';
  const bare = etag.replace(/^W\//, '').replace(/^"|"$/g, '');
  if (/^[0-9a-f]{32}$/i.test(bare)) return 'md5';
  if (/^[0-9a-f]{32}-\d+$/i.test(bare)) return 'multipart';
  return 'opaque';
}

export function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^W\//, '').replace(/^"|"$/g, '');
}
