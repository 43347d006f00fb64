#!/usr/bin/env bash
# Whole-process benchmark of fmselect (issue 6), from a clean checkout:
#
#   scripts/bench.sh            # everything, ~3 minutes on 2 cores
#   QUICK=1 scripts/bench.sh    # fewer runs, no 100k catalogs
#   FMSELECT_BIN=/tmp/old/fmselect scripts/bench.sh   # time another build
#   BENCH_DIR=DIR ...           # keep (and reuse) the generated catalogs there
#
# Builds the release binary and a hello-world Rust binary (the floor of
# starting a process), generates catalogs of 1k, 10k and 100k models
# (examples/gen_catalog.rs, JSON and YAML), and times in one run, with
# hyperfine (installed with apt-get when missing; else a loop around
# `date +%s%N`):
#
#   - hello-world, and `fmselect --version` (this binary's start-up alone);
#   - `fmselect recommend requirements/examples/knowledge-assistant.yaml`
#     on the embedded catalog;
#   - `python3 -c "import json; json.load(open(FILE))"` over LiteLLM's price
#     map (../shared/data/litellm/..., or FMSELECT_LITELLM=FILE; skipped
#     when absent);
#   - `fmselect catalog import --from litellm FILE -o X.json` followed by
#     `recommend --catalog X.json`, as ONE timed `sh -c` command;
#   - `recommend` over each generated catalog.
#
# The table at the end gives each median, its ratio to the baselines and
# targets (BENCHMARKS.md), and the peak RSS of one more run
# (`/usr/bin/time -f %M`). Timings are only meaningful on a quiet machine:
# the script warns when a fuzzer or another build is running.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=${BENCH_DIR:-$(mktemp -d -t fmselect-bench.XXXXXX)}
mkdir -p "$work"
quick=${QUICK:-}
req=requirements/examples/knowledge-assistant.yaml
litellm=${FMSELECT_LITELLM:-$root/../shared/data/litellm/model_prices_and_context_window.json}
if [ -n "$quick" ]; then sizes="1000 10000"; else sizes="1000 10000 100000"; fi

say() { printf '\n== %s\n' "$*" >&2; }

say "machine"
{
    echo "cpus: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$work/machine.txt" >&2
if pgrep -f cargo-fuzz >/dev/null || pgrep -x rustc >/dev/null; then
    echo "WARNING: a fuzzer or a build is running; the timings will be noisy" >&2
fi

say "building (release)"
cargo build --release --quiet --bin fmselect --example gen_catalog
# FMSELECT_BIN=PATH times another build (say, a copy from before a change).
fmselect=${FMSELECT_BIN:-$root/target/release/fmselect}
gen=$root/target/release/examples/gen_catalog

say "building hello-world"
mkdir -p "$work/hello/src"
printf '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n\n[workspace]\n' \
    >"$work/hello/Cargo.toml"
echo 'fn main() { println!("Hello, world!"); }' >"$work/hello/src/main.rs"
cargo build --release --quiet --manifest-path "$work/hello/Cargo.toml" \
    --target-dir "$work/hello/target"
hello=$work/hello/target/release/hello

say "generating catalogs"
for n in $sizes; do
    for f in json yaml; do
        [ -s "$work/models-$n.$f" ] || "$gen" "$n" "$f" >"$work/models-$n.$f"
    done
done
ls -l "$work"/models-* >&2

if ! command -v hyperfine >/dev/null; then
    say "installing hyperfine"
    (apt-get install -y hyperfine >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 && apt-get install -y hyperfine >/dev/null 2>&1; }) ||
        echo "hyperfine unavailable: timing with a loop around date +%s%N" >&2
fi

# name|runs|command — run through `sh -c` only where the command says so.
cases=()
add() { cases+=("$1|$2|$3"); }
runs_small=30
runs_big=5
[ -n "$quick" ] && runs_small=10 && runs_big=3
add hello "$runs_small" "$hello"
add "fmselect --version" "$runs_small" "$fmselect --version"
add "recommend embedded" "$runs_small" "$fmselect recommend $req"
if [ -f "$litellm" ]; then
    add "python3 json.load litellm" "$runs_small" "python3 -c 'import json; json.load(open(\"$litellm\"))'"
    add "import+recommend litellm" "$runs_small" \
        "sh -c '$fmselect catalog import --from litellm $litellm -o $work/litellm.json 2>/dev/null && $fmselect recommend $req --catalog $work/litellm.json >/dev/null 2>&1; test \$? -le 3'"
else
    echo "note: $litellm is absent; the LiteLLM cases are skipped" >&2
fi
for n in $sizes; do
    runs=$runs_small
    [ "$n" -ge 10000 ] && runs=$runs_big
    [ "$n" -ge 100000 ] && runs=3
    for f in json yaml; do
        add "recommend ${n} models ($f)" "$runs" "$fmselect recommend $req --catalog $work/models-$n.$f"
    done
done

# Runs one case; prints "median min user sys" in seconds (user and system
# CPU time are means; the loop fallback cannot measure them and prints 0).
time_case() {
    local runs=$1 cmd=$2
    if command -v hyperfine >/dev/null; then
        hyperfine -N --ignore-failure --warmup 2 --runs "$runs" --style none \
            --export-json "$work/case.json" --output=null "$cmd" >/dev/null 2>&1
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["median"], r["min"], r["user"], r["system"])' \
            "$work/case.json"
    else
        local times=() i start end
        for ((i = 0; i < runs + 2; i++)); do
            start=$(date +%s%N)
            eval "$cmd" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            [ "$i" -ge 2 ] && times+=($(((end - start) / 1000)))
        done
        printf '%s\n' "${times[@]}" | sort -n |
            awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.6f %.6f 0 0\n", m/1e6, a[1]/1e6}'
    fi
}

# Peak RSS in KB of one run (of the largest process, for `sh -c` commands).
rss_case() {
    /usr/bin/time -o "$work/rss.txt" -f '%M' sh -c "$1" >/dev/null 2>&1 || true
    tail -1 "$work/rss.txt"
}

say "timing (medians)"
: >"$work/results.txt"
for c in "${cases[@]}"; do
    IFS='|' read -r name runs cmd <<<"$c"
    read -r median min user sys <<<"$(time_case "$runs" "$cmd")"
    rss=$(rss_case "$cmd")
    printf '%s|%s|%s|%s|%s|%s|%s\n' "$name" "$median" "$rss" "$runs" "$min" "$user" "$sys" |
        tee -a "$work/results.txt" >&2
done

say "results"
python3 - "$work/results.txt" <<'EOF'
import sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1]) if l.strip()]
med = {r[0]: float(r[1]) for r in rows}
rss = {r[0]: (int(r[2]) if r[2] else None) for r in rows}
hello = med.get("hello")
py = med.get("python3 json.load litellm")

def ms(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"

print("| command | runs | median | min | user / sys (mean) | × hello-world | × python json.load | peak RSS |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, median, r, runs, low, user, system in rows:
    m = float(median)
    xh = f"{m / hello:.1f}×" if hello else ""
    xp = f"{m / py:.2f}×" if py and "litellm" in name else ""
    mb = f"{int(r) / 1024:.0f} MB" if r else "?"
    cpu = f"{ms(float(user))} / {ms(float(system))}" if float(user) else ""
    print(f"| {name} | {runs} | {ms(m)} | {ms(float(low))} | {cpu} | {xh} | {xp} | {mb} |")

print()
print("| target | measured | met |")
print("|---|---|---|")
def target(what, value, ok):
    print(f"| {what} | {value} | {'yes' if ok else 'NO'} |")
if hello and "recommend embedded" in med:
    x = med["recommend embedded"] / hello
    target("recommend (embedded) ≤ 3× hello-world", f"{x:.1f}×", x <= 3)
if py and "import+recommend litellm" in med:
    x = med["import+recommend litellm"] / py
    target("import + recommend (LiteLLM) < python3 json.load", f"{x:.2f}×", x < 1)
for f in ("json", "yaml"):
    k = f"recommend 100000 models ({f})"
    if k in med:
        target(f"100k models ({f}) ≤ 1 s", ms(med[k]), med[k] <= 1)
        target(f"100k models ({f}) ≤ 300 MB", f"{(rss[k] or 0) / 1024:.0f} MB", (rss[k] or 0) <= 300 * 1024)
    for small, big in ((1000, 10000), (10000, 100000)):
        a, b = f"recommend {small} models ({f})", f"recommend {big} models ({f})"
        if a in med and b in med:
            x = med[b] / med[a]
            target(f"{big // 1000}k / {small // 1000}k models ({f}) ≤ 11×", f"{x:.1f}×", x <= 11)
EOF
echo "(files in $work; import+recommend is one timed sh -c command, its sh start-up included)" >&2
