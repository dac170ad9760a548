#!/usr/bin/env bash
# Fuzz smoke run: for each target (all, or those named), replay its committed corpus
# (fuzz/corpus/<target>/), then fuzz it for SECONDS. A crash, a hang (an input running over
# 10 s), a failed build or a missing tool fails the run; nothing is ever skipped.
#
#   bash fuzz/smoke.sh SECONDS [TARGET...]
#
# Needs the nightly toolchain (cargo fuzz builds with -Zsanitizer=address) and cargo-fuzz, which
# it installs from crates.io if missing (`cargo install cargo-fuzz --locked`, about 40 s here).
# New inputs found during the run go to a scratch folder: the committed corpus does not change.
# One target at a time, one libFuzzer process (no -jobs/-workers).
set -euo pipefail

usage="usage: bash fuzz/smoke.sh SECONDS [TARGET...]"
secs=${1:?$usage}
shift
[[ $secs =~ ^[0-9]+$ ]] || { echo "fuzz/smoke.sh: SECONDS must be a whole number: $usage" >&2; exit 2; }
cd "$(dirname "$0")"
# Fuzz builds live in fuzz/target of this checkout, never in a target dir shared with other work.
unset CARGO_TARGET_DIR

fail() {
    echo "fuzz/smoke.sh: FAILED: $*" >&2
    exit 1
}

cargo +nightly --version >/dev/null 2>&1 ||
    fail "no nightly toolchain: cargo fuzz needs one (rustup toolchain install nightly)"
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    start=$SECONDS
    cargo install cargo-fuzz --locked || fail "cannot install cargo-fuzz"
    echo "== cargo-fuzz installed in $((SECONDS - start)) s"
fi
cargo fuzz --version

if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
[[ ${#targets[@]} -gt 0 ]] || fail "no fuzz targets"

echo "== building ${targets[*]}"
start=$SECONDS
cargo +nightly fuzz build -O || fail "the fuzz targets do not build"
echo "== built in $((SECONDS - start)) s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
    corpus="corpus/$t"
    [[ -d $corpus ]] && [[ -n $(ls -A "$corpus") ]] || fail "$t: no committed corpus in fuzz/$corpus"
    echo "== $t: replaying $(ls "$corpus" | wc -l) corpus inputs"
    cargo +nightly fuzz run -O "$t" "$corpus" -- -runs=0 -timeout=10 ||
        fail "$t: a committed corpus input fails (see the output above, and fuzz/artifacts/$t)"
    echo "== $t: fuzzing for $secs s"
    mkdir -p "$scratch/$t"
    cargo +nightly fuzz run -O "$t" "$scratch/$t" "$corpus" -- \
        -max_total_time="$secs" -timeout=10 -print_final_stats=1 ||
        fail "$t: fuzzing found a failing input (see the output above, and fuzz/artifacts/$t)"
done
echo "== fuzz smoke passed: ${targets[*]} (${secs} s each)"
