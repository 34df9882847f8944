# Sourced by scripts/setup.sh (and its test): whether node_modules already is what `npm ci` would make, so a
# second setup does not wipe and reinstall it (npm ci always deletes node_modules first: ~1 minute).
# After a successful npm ci, setup writes node_modules/.interup-deps-stamp: the sha256 of package-lock.json,
# the Node version and the install mode (with or without onnxruntime-node's GPU providers). node_modules is
# in sync while that stamp matches and npm has not touched node_modules since (its own hidden lockfile,
# node_modules/.package-lock.json, is rewritten by every npm install/uninstall/update).

# The stamp for install mode $1 (gpu|cpu), from package-lock.json in the current folder.
deps_stamp() {
  printf '%s node-%s %s\n' "$(sha256sum package-lock.json | cut -d' ' -f1)" "$(node --version)" "$1"
}

# Exit status 0 when node_modules in the current folder matches package-lock.json for install mode $1.
deps_in_sync() {
  [ -f node_modules/.interup-deps-stamp ] && [ -f node_modules/.package-lock.json ] &&
    [ "$(cat node_modules/.interup-deps-stamp)" = "$(deps_stamp "$1")" ] &&
    [ ! node_modules/.package-lock.json -nt node_modules/.interup-deps-stamp ]
}

# Records that node_modules now matches package-lock.json for install mode $1.
write_deps_stamp() {
  deps_stamp "$1" >node_modules/.interup-deps-stamp
}
