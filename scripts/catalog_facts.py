#!/usr/bin/env python3
"""Facts for catalog entries, read from the reference data (../shared/data).

Used to write the models added for issue 11 and the capability / status /
batch / cache-write / audio / rate-limit fields of the existing entries.
Nothing here invents a value: every fact is copied from LiteLLM's cost map
(2026-07-24) or models.dev (2026-07-01), and the YAML it prints names the
file and key. Review the output before committing it.

    python3 scripts/catalog_facts.py new      # YAML for the models in NEW
    python3 scripts/catalog_facts.py enrich catalog/models.yaml   # in place
"""

import json
import os
import re
import sys
import tomllib

DATA = os.environ.get("FMSELECT_DATA", os.path.join(os.path.dirname(__file__), "../../shared/data"))
LL_DATE = "2026-07-24"
MD_DATE = "2026-07-01"

_ll = None


def litellm():
    global _ll
    if _ll is None:
        with open(os.path.join(DATA, "litellm/model_prices_and_context_window.json")) as f:
            _ll = json.load(f)
    return _ll


def md(path):
    """A models.dev file (`providers/openai/models/gpt-5.4` or `models/openai/gpt-5.4`), or None."""
    p = os.path.join(DATA, "models.dev", path + ".toml")
    if not os.path.exists(p):
        return None
    with open(p, "rb") as f:
        t = tomllib.load(f)
    base = t.get("base_model")
    if base and path.startswith("providers/"):
        # models.dev inheritance: the offering takes every field of
        # models/<base>.toml it does not set itself.
        b = md(f"models/{base}") or {}
        merged = dict(b)
        for k, v in t.items():
            if isinstance(v, dict) and isinstance(b.get(k), dict):
                merged[k] = {**b[k], **v}
            else:
                merged[k] = v
        return merged
    return t


def per_m(v):
    if v is None:
        return None
    x = round(float(v) * 1e6, 6)
    return int(x) if x == int(x) else x


def fmt(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        s = repr(v)
        return s
    return str(v)


def ll_prices(key):
    """Offering price fields from a LiteLLM key."""
    e = litellm().get(key)
    if e is None:
        raise SystemExit(f"no LiteLLM key {key}")
    out = {
        "input_per_mtok": per_m(e.get("input_cost_per_token")),
        "output_per_mtok": per_m(e.get("output_cost_per_token")),
        "cached_input_per_mtok": per_m(e.get("cache_read_input_token_cost")),
        "batch_input_per_mtok": per_m(e.get("input_cost_per_token_batches")),
        "batch_output_per_mtok": per_m(e.get("output_cost_per_token_batches")),
        "cache_write_per_mtok": per_m(e.get("cache_creation_input_token_cost")),
        "audio_input_per_mtok": per_m(e.get("input_cost_per_audio_token")),
        "image_input_per_mtok": per_m(e.get("input_cost_per_image_token")),
    }
    for thr in ("200k", "272k", "128k", "256k"):
        i = e.get(f"input_cost_per_token_above_{thr}_tokens")
        o = e.get(f"output_cost_per_token_above_{thr}_tokens")
        if i is not None and o is not None:
            out["long_context"] = (int(thr[:-1]) * 1000, per_m(i), per_m(o))
            break
    if e.get("rpm") is not None or e.get("tpm") is not None:
        out["rate_limits"] = (e.get("rpm"), e.get("tpm"))
    return out


def ll_caps(key):
    e = litellm().get(key) or {}
    return {
        "tool_calling": e.get("supports_function_calling"),
        "structured_output": e.get("supports_response_schema"),
        "reasoning": e.get("supports_reasoning"),
    }


def md_caps(t):
    if not t:
        return {"tool_calling": None, "structured_output": None, "reasoning": None}
    return {
        "tool_calling": t.get("tool_call"),
        "structured_output": t.get("structured_output"),
        "reasoning": t.get("reasoning"),
    }


def capabilities(ll_key, md_paths):
    """Flags from the first-party LiteLLM entry, else the models.dev files
    (first that says), with the source of each and any disagreement."""
    caps = {}
    refs = []
    disagree = []
    llc = ll_caps(ll_key) if ll_key else {}
    mdc = [(p, md_caps(md(p))) for p in md_paths if md(p)]
    for k in ("tool_calling", "structured_output", "reasoning"):
        v = llc.get(k)
        src = None
        if v is not None:
            src = f"litellm {ll_key}"
        else:
            for p, c in mdc:
                if c[k] is not None:
                    v, src = c[k], f"models.dev {p}.toml"
                    break
        caps[k] = v
        if src and src not in refs:
            refs.append(src)
        for p, c in mdc:
            if v is not None and c[k] is not None and c[k] != v:
                disagree.append(f"{k}: models.dev {p} says {fmt(c[k])}")
    return caps, refs, disagree


LL_KEY_NAMES = {
    "tool_calling": "supports_function_calling",
    "structured_output": "supports_response_schema",
    "reasoning": "supports_reasoning",
}


def status_of(api_id, md_paths):
    """`preview` when the maker's id or models.dev says so, `ga` when a
    models.dev first-party file exists and sets no status, else None."""
    for p in md_paths:
        t = md(p)
        if t and t.get("status") in ("beta", "alpha"):
            return "preview", f"models.dev {p}.toml status = {t['status']}"
    if api_id and re.search(r"preview|beta|experimental", api_id):
        return "preview", f"the maker's API id `{api_id}` marks it a preview"
    for p in md_paths:
        t = md(p)
        if t is not None and p.startswith("providers/") and "status" not in t:
            return "ga", f"models.dev {p}.toml sets no status (models.dev marks alpha/beta/deprecated only)"
    return None, None


def cap_yaml(caps):
    return "{ " + ", ".join(f"{k}: {fmt(caps[k])}" for k in ("tool_calling", "structured_output", "reasoning")) + " }"


def offering_lines(kind, host, api_id, ll_key=None, md_path=None, regions=None, note=None, ctx=None, out=None, fine_tuning=None):
    """YAML lines (6-space indent) of one offering."""
    L = [f"      - kind: {kind}", f"        host: {host}", f"        api_id: {json.dumps(api_id, ensure_ascii=False)}"]
    if ll_key:
        p = ll_prices(ll_key)
        src = f"litellm model_prices_and_context_window.json key {ll_key} ({LL_DATE})"
        as_of = LL_DATE
    else:
        t = md(md_path)
        c = t.get("cost", {})
        p = {
            "input_per_mtok": c.get("input"),
            "output_per_mtok": c.get("output"),
            "cached_input_per_mtok": c.get("cache_read"),
            "cache_write_per_mtok": c.get("cache_write"),
            "audio_input_per_mtok": c.get("input_audio"),
        }
        tiers = c.get("tiers") or []
        if tiers:
            t0 = tiers[0]
            p["long_context"] = (t0["tier"]["size"], t0.get("input"), t0.get("output"))
        src = f"models.dev {md_path}.toml [cost] ({MD_DATE})"
        as_of = MD_DATE
    for k in ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "batch_input_per_mtok",
              "batch_output_per_mtok", "cache_write_per_mtok", "audio_input_per_mtok", "image_input_per_mtok"):
        v = p.get(k)
        if v is not None or k in ("input_per_mtok", "output_per_mtok"):
            L.append(f"        {k}: {fmt(v)}")
    if p.get("long_context"):
        a, i, o = p["long_context"]
        L.append(f"        long_context: {{ above_tokens: {a}, input_per_mtok: {fmt(i)}, output_per_mtok: {fmt(o)} }}")
    if p.get("rate_limits"):
        rpm, tpm = p["rate_limits"]
        L.append(f"        rate_limits: {{ rpm: {fmt(per_int(rpm))}, tpm: {fmt(per_int(tpm))} }}")
        rl = "LiteLLM gives rpm/tpm without naming the account tier (capabilities.md §4: gemini entries mix tiers); tiers can be raised."
        note = f"{note} {rl}" if note else rl
    if fine_tuning is not None:
        if fine_tuning:
            ft = litellm()[fine_tuning[0]]
            L.append(f"        fine_tuning: {{ training_per_mtok: null, input_per_mtok: {fmt(per_m(ft.get('input_cost_per_token')))}, output_per_mtok: {fmt(per_m(ft.get('output_cost_per_token')))} }}")
            ftn = f"fine_tuning: inference of the tuned model from litellm {fine_tuning[0]}; the training price is not in the data (capabilities.md §5)."
        else:
            L.append("        fine_tuning: { training_per_mtok: null, input_per_mtok: null, output_per_mtok: null }")
            ftn = "fine_tuning: documented as available (capabilities.md §5), prices not in the data."
        note = f"{note} {ftn}" if note else ftn
    if regions:
        L.append(f"        regions: [{', '.join(regions)}]")
    if ctx:
        L.append(f"        context_window: {ctx}")
    if out:
        L.append(f"        max_output_tokens: {out}")
    L.append(f"        source: {json.dumps(src, ensure_ascii=False)}")
    L.append(f"        as_of: {as_of}")
    if note:
        L.append(f"        note: {json.dumps(note, ensure_ascii=False)}")
    return L


def per_int(v):
    if v is None:
        return None
    return int(v) if float(v) == int(v) else v


def model_yaml(s):
    """One model entry from a spec dict (see NEW)."""
    mdp = s.get("md_1p")
    mdm = s.get("md_model")
    t1 = md(mdp) if mdp else None
    tm = md(mdm) if mdm else None
    base = t1 or tm or {}
    ll = litellm().get(s["ll_1p"]) if s.get("ll_1p") else None
    lim = (t1 or {}).get("limit") or (tm or {}).get("limit") or {}
    ctx = s.get("context_window", lim.get("context"))
    if isinstance(ctx, float):
        ctx = int(ctx)
    ctx_src = "models.dev limit.context" if lim.get("context") else None
    if ctx is None and ll:
        ctx = int(ll.get("max_input_tokens"))
        ctx_src = f"litellm {s['ll_1p']} max_input_tokens"
    out = s.get("max_output_tokens", lim.get("output"))
    if out is None and ll and ll.get("max_output_tokens") and ll.get("max_output_tokens") != ctx:
        out = ll.get("max_output_tokens")
    max_in = lim.get("input") if lim.get("input") and ctx and lim.get("input") < ctx else None
    mods = (t1 or {}).get("modalities") or (tm or {}).get("modalities")
    if mods:
        inp = [m for m in mods.get("input", []) if m in ("text", "image", "audio", "video", "pdf")]
        outp = [m for m in mods.get("output", []) if m in ("text", "image", "audio")]
        mod_src = f"models.dev {(mdp if t1 and t1.get('modalities') else mdm)}.toml [modalities]"
    else:
        inp = ["text"]
        if ll and ll.get("supports_vision"):
            inp.append("image")
        if ll and ll.get("supports_audio_input"):
            inp.append("audio")
        if ll and ll.get("supports_pdf_input"):
            inp.append("pdf")
        outp = ["text"]
        mod_src = (f"litellm {s['ll_1p']} supports_vision / supports_audio_input / supports_pdf_input" if s.get('ll_1p') else (s.get('id_ref') or 'spec'))
    inp = s.get("input", inp)
    released = s["released"] if "released" in s else (base.get("release_date") or (tm or {}).get("release_date"))
    weights = s.get("weights")
    if weights is None:
        ow = (tm or {}).get("open_weights", (t1 or {}).get("open_weights"))
        weights = None if ow is None else ("open" if ow else "closed")
    lic = s.get("license", "proprietary" if weights == "closed" else None)
    md_paths = [p for p in (mdp, mdm) if p]
    caps, cap_refs, disagree = capabilities(s.get("ll_1p"), md_paths)
    for k, v in s.get("caps_override", {}).items():
        caps[k] = v
    status, status_ref = status_of(s.get("api_id"), md_paths)
    if "status" in s:
        status, status_ref = s["status"]
    L = [f"  - id: {s['id']}", f"    name: {s['name']}", f"    provider: {s['provider']}"]
    L.append(f"    family: {s.get('family') or base.get('family') or 'null'}")
    L.append(f"    released: {released or 'null'}")
    L.append(f"    weights: {weights or 'null'}")
    L.append(f"    license: {lic or 'null'}")
    if s.get("params"):
        tot, act = s["params"]
        L.append(f"    params_b: {{ total: {fmt(tot)}, active: {fmt(act)} }}")
    L.append(f"    context_window: {fmt(ctx)}")
    L.append(f"    max_output_tokens: {fmt(out)}")
    if max_in:
        L.append(f"    max_input_tokens: {max_in}")
    L.append(f"    modalities: {{ input: [{', '.join(inp)}], output: [{', '.join(outp)}] }}")
    L.append(f"    tier: {s['tier'][0]}")
    bench = s.get("bench") or {}
    if bench:
        L.append("    benchmarks:")
        for k in sorted(bench):
            L.append(f"      {k}: {fmt(bench[k])}")
    else:
        L.append("    benchmarks: {}")
    sp = s.get("speed")
    if sp:
        L.append(f"    speed: {{ output_tps: {fmt(sp[0])}, ttft_ms: {fmt(sp[1])} }}")
    else:
        L.append("    speed: { output_tps: null, ttft_ms: null }")
    L.append(f"    capabilities: {cap_yaml(caps)}")
    if status:
        L.append(f"    status: {status}")
    L.append("    offerings:")
    for o in s["offerings"]:
        L.extend(offering_lines(**o))
    for m in s.get("manual_offerings", []):
        L.extend(m.rstrip("\n").split("\n"))
    L.append("    sources:")
    idref = s.get("id_ref") or "; ".join(
        [f"models.dev {p}.toml" for p in md_paths if md(p)] + ([f"litellm {s['ll_1p']}"] if ll else []))
    L.append("      - what: [identity, context, modalities" + (", license" if lic else "") + (", params" if s.get("params") else "") + "]")
    L.append(f"        ref: {json.dumps(idref, ensure_ascii=False)}")
    L.append(f"        as_of: {MD_DATE if md_paths and any(md(p) for p in md_paths) else LL_DATE}")
    nt = []
    if ctx_src and ctx_src.startswith("litellm"):
        nt.append(f"context_window from {ctx_src} (no models.dev limit)")
    if s.get("id_note"):
        nt.append(s["id_note"])
    nt.append(f"modalities: {mod_src}")
    L.append(f"        note: {json.dumps('; '.join(nt), ensure_ascii=False)}")
    if any(v is not None for v in caps.values()) or status:
        refs = cap_refs + ([status_ref] if status_ref else [])
        keys = ", ".join(f"{k} = {LL_KEY_NAMES[k]} / models.dev {'tool_call' if k == 'tool_calling' else k}" for k in caps)
        L.append("      - what: [capabilities]")
        L.append(f"        ref: {json.dumps('; '.join(refs), ensure_ascii=False)}")
        L.append(f"        as_of: {LL_DATE if any(r.startswith('litellm') for r in refs) else MD_DATE}")
        cn = "First-party entry: " + keys + "; a missing key is unknown (null)."
        if disagree:
            cn += " Disagreements: " + "; ".join(disagree) + " (the LiteLLM first-party value is kept)."
        if s.get("caps_note"):
            cn += " " + s["caps_note"]
        L.append(f"        note: {json.dumps(cn, ensure_ascii=False)}")
    for b in s.get("bench_sources", []):
        L.append("      - what: [benchmarks]")
        L.append(f"        ref: {json.dumps(b[0], ensure_ascii=False)}")
        L.append(f"        as_of: {b[1]}")
    if sp:
        L.append("      - what: [speed]")
        L.append(f"        ref: {json.dumps(s['speed_ref'][0], ensure_ascii=False)}")
        L.append(f"        as_of: {s['speed_ref'][1]}")
    L.append("      - what: [tier]")
    L.append(f"        ref: {json.dumps(s['tier'][1], ensure_ascii=False)}")
    L.append(f"        as_of: {s['tier'][2]}")
    if len(s["tier"]) > 3:
        L.append(f"        note: {json.dumps(s['tier'][3], ensure_ascii=False)}")
    if s.get("notes"):
        L.append(f"    notes: {json.dumps(s['notes'], ensure_ascii=False)}")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    import importlib.util

    if sys.argv[1] == "new":
        spec = importlib.util.spec_from_file_location("specs", os.path.join(os.path.dirname(__file__), "catalog_new_models.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for group, models in mod.GROUPS:
            print(f"\n  # ---- {group} ----\n")
            for s in models:
                print(model_yaml(s))


def offering_key(block):
    """(litellm key, models.dev path) named by an offering's `source:`."""
    src = next((l for l in block if l.strip().startswith("source:")), "")
    ll = None
    for m in re.finditer(r"(?:key|keys|LiteLLM|litellm) ([A-Za-z0-9_./:@-]+)", src):
        k = m.group(1).rstrip(",.")
        if k in litellm():
            ll = k
            break
    mdp = None
    m = re.search(r"models\.dev (providers/[^ \]\[\"]+?)\.toml", src)
    if m:
        mdp = m.group(1)
    return ll, mdp


NEW_PRICE_KEYS = ("batch_input_per_mtok", "batch_output_per_mtok", "cache_write_per_mtok",
                  "audio_input_per_mtok", "image_input_per_mtok")


def enrich_offering(block):
    """New price fields for an offering block (lines), inserted before `source:`."""
    ll, mdp = offering_key(block)
    text = "\n".join(block)
    add = []
    if ll:
        p = ll_prices(ll)
        for k in NEW_PRICE_KEYS:
            if p.get(k) is not None and f"{k}:" not in text:
                add.append(f"        {k}: {fmt(p[k])}")
        if p.get("rate_limits") and "rate_limits:" not in text:
            rpm, tpm = p["rate_limits"]
            add.append(f"        rate_limits: {{ rpm: {fmt(per_int(rpm))}, tpm: {fmt(per_int(tpm))} }}")
    elif mdp and md(mdp):
        c = md(mdp).get("cost", {})
        for k, mk in (("cache_write_per_mtok", "cache_write"), ("audio_input_per_mtok", "input_audio")):
            if c.get(mk) is not None and f"{k}:" not in text:
                add.append(f"        {k}: {fmt(c[mk])}")
    if not add:
        return block
    i = next(i for i, l in enumerate(block) if l.strip().startswith("source:"))
    return block[:i] + add + block[i:]


MAKER_HOSTS = {"openai": "openai", "anthropic": "anthropic", "google": "google", "xai": "xai", "deepseek": "deepseek",
               "alibaba": "alibaba", "mistral": "mistral", "moonshot": "moonshot", "zhipu": "zai"}


def enrich_model(lines):
    text = "\n".join(lines)
    if "    capabilities:" in text:
        return lines
    provider = re.search(r"^    provider: (\S+)", text, re.M).group(1)
    # Offerings
    out = []
    i = 0
    blocks = []
    while i < len(lines):
        l = lines[i]
        if l.startswith("      - kind:"):
            j = i + 1
            while j < len(lines) and lines[j].startswith("        "):
                j += 1
            b = lines[i:j]
            blocks.append(b)
            out.extend(enrich_offering(b))
            i = j
        else:
            out.append(l)
            i += 1
    # The first-party offering's flags; else models.dev's lab-level file.
    host = MAKER_HOSTS.get(provider)
    ll_key, md_paths, api_id = None, [], None
    for b in blocks:
        bt = "\n".join(b)
        if host and re.search(rf"^        host: {host}$", bt, re.M) and "kind: api" in b[0]:
            ll_key, mdp = offering_key(b)
            if mdp:
                md_paths.append(mdp)
            m = re.search(r"^        api_id: (\S+)", bt, re.M)
            api_id = m.group(1).strip('"') if m else None
            if not mdp and api_id:
                guess = f"providers/{host if host != 'moonshot' else 'moonshotai'}/models/{api_id}"
                if md(guess):
                    md_paths.append(guess)
            break
    for m in re.finditer(r"models\.dev (models/[^ ;\"\]]+?)\.toml", text):
        if m.group(1) not in md_paths:
            md_paths.append(m.group(1))
    caps, refs, disagree = capabilities(ll_key, md_paths)
    status, status_ref = status_of(api_id, md_paths if ll_key or md_paths else [])
    if not any(v is not None for v in caps.values()) and not status:
        return out
    k = next(i for i, l in enumerate(out) if l.startswith("    speed:"))
    ins = [f"    capabilities: {cap_yaml(caps)}"] + ([f"    status: {status}"] if status else [])
    out = out[:k + 1] + ins + out[k + 1:]
    s = next(i for i, l in enumerate(out) if l == "    sources:")
    refs_all = refs + ([status_ref] if status_ref else [])
    keys = ", ".join(f"{k} = {LL_KEY_NAMES[k]} / models.dev {'tool_call' if k == 'tool_calling' else k}" for k in caps)
    note = ("First-party offering" if ll_key or any(p.startswith("providers/") for p in md_paths)
            else "No first-party API: models.dev's lab-level model file") + f": {keys}; a missing key is unknown (null)."
    if disagree:
        note += " Disagreements: " + "; ".join(disagree) + " (the LiteLLM first-party value is kept)."
    src = ["      - what: [capabilities]",
           f"        ref: {json.dumps('; '.join(refs_all), ensure_ascii=False)}",
           f"        as_of: {LL_DATE if any(r.startswith('litellm') for r in refs_all) else MD_DATE}",
           f"        note: {json.dumps(note, ensure_ascii=False)}"]
    return out[:s + 1] + src + out[s + 1:]


def enrich(path):
    with open(path) as f:
        lines = f.read().split("\n")
    out, cur = [], None
    for l in lines:
        if l.startswith("  - id: "):
            if cur is not None:
                out.extend(enrich_model(cur))
            cur = [l]
        elif cur is not None and (l.startswith("    ") or l.startswith("      ") or l == "" or l.startswith("  #") is False and not l.startswith("  ")):
            if l.startswith("  #"):
                out.extend(enrich_model(cur))
                cur = None
                out.append(l)
            else:
                cur.append(l)
        else:
            if cur is not None:
                out.extend(enrich_model(cur))
                cur = None
            out.append(l)
    if cur is not None:
        out.extend(enrich_model(cur))
    with open(path, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__" and sys.argv[1] == "enrich":
    for p in sys.argv[2:]:
        enrich(p)
