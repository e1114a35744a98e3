# Sourced by ./i2i: runs a command from a snapshot of the project's jars, not from target/.
# Maven rewrites a jar in place (the same file), so a rebuild while a training run or a service
# uses the jars changes the classes under it: the run dies at the next class it loads (a training
# run did, at its next checkpoint save: ClassNotFoundException: Checkpoint$State). A snapshot is
# the jar and its lib folder, with the project's own jars (i2i-*) copied and the others, which
# Maven leaves alone once copied, hard-linked (symbolic links across file systems). There is one
# per content of the project's jars, reused by later commands; one unused for 30 days is removed.

# jar_snapshot JAR STORE prints the path of JAR's snapshot in the folder STORE, made if needed.
jar_snapshot() {
  local jar="$1" store="$2"
  local dir name key snap tmp f
  dir="$(dirname "$jar")"
  name="$(basename "$jar")"
  key="$(cat "$jar" "$dir"/lib/i2i-*.jar 2> /dev/null | cksum | tr ' ' '-')"
  snap="$store/${name%.jar}-$key"
  if [[ ! -f "$snap/$name" ]]; then
    tmp="$snap.$$.tmp"
    rm -rf "$tmp"
    mkdir -p "$tmp/lib"
    for f in "$dir"/lib/*; do
      [[ -e "$f" ]] || continue
      case "${f##*/}" in
        i2i-*) cp "$f" "$tmp/lib/" ;;
        *) ln "$f" "$tmp/lib/" 2> /dev/null || ln -s "$f" "$tmp/lib/" ;;
      esac
    done
    cp "$jar" "$tmp/$name"
    # Another launcher may have made the same snapshot meanwhile: then use that one.
    mv -T "$tmp" "$snap" 2> /dev/null || rm -rf "$tmp"
  fi
  touch "$snap"
  find "$store" -mindepth 1 -maxdepth 1 -mtime +30 -exec rm -rf {} + 2> /dev/null || true
  printf '%s\n' "$snap/$name"
}
