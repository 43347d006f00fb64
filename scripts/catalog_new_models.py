"""The models added to the embedded catalog for issue 11, as input to
`catalog_facts.py new`. Each names the first-party LiteLLM key and
models.dev files the facts are read from; benchmarks and speed are copied
from model-benchmarks.md / model-benchmarks-2026h2.md with the row named."""

AA40 = "2026-06-14"
AA41 = "2026-07-10"
MB1 = "model-benchmarks.md §1 (AA data/2026-06-14 and 2026-07-10 llms.json @ed1690f6; LMArena arena-catalog @c9558b60 2025-12-17; arena.ai scrape 2026-04-19)"


def api(host, key=None, md_path=None, kind="api", regions=None, note=None, api_id=None, **kw):
    if api_id is None:
        api_id = key.split("/", 1)[1] if key and "/" in key and host not in ("aws-bedrock",) else (key or md_path.rsplit("/", 1)[1])
    return dict(kind=kind, host=host, api_id=api_id, ll_key=key, md_path=md_path, regions=regions, note=note, **kw)


def pc(host, key, regions=None, note=None, api_id=None):
    return api(host, key, kind="private-cloud", regions=regions, note=note, api_id=api_id)


def aa_tier(row, v40):
    t = "frontier" if v40 >= 45 else "strong" if v40 >= 30 else "efficient" if v40 >= 20 else "small"
    return (t, f"model-benchmarks.md §1 AA Intelligence Index v4.0 [^aa40], row '{row}'", AA40,
            f"Rule: v4.0 index frontier >= 45, strong 30-<45, efficient 20-<30, small < 20. Value {v40} -> {t}.")


def aa_tier_h2(row, v40):
    t = aa_tier(row, v40)
    return (t[0], f"model-benchmarks-2026h2.md §1 AA II v4.0 (06-15), row '{row}'", "2026-06-15", t[3])


def lineup(tier, ref, why):
    return (tier, ref, "2026-07-01", f"Positioning, no independent index: {why}")


OPENAI = [
    dict(id="gpt-5.4", name="GPT-5.4", provider="openai", family="gpt", ll_1p="gpt-5.4", api_id="gpt-5.4",
         md_1p="providers/openai/models/gpt-5.4",
         offerings=[api("openai", "gpt-5.4", api_id="gpt-5.4"), pc("azure", "azure/gpt-5.4", note="Azure OpenAI; no region named.")],
         tier=aa_tier_h2("GPT-5.4 (xhigh) (`gpt-5-4`)", 56.8),
         bench={"aa_intelligence_v4_0": 56.8, "aa_coding_v4_0": 57.2, "aa_intelligence_v4_1": 51.4},
         bench_sources=[("model-benchmarks-2026h2.md §1 row 'GPT-5.4 (xhigh) (`gpt-5-4`)': II v4.0 (06-15), CI v4.0 (06-15), II v4.1 (08-06; equal to the 07-10 v4.1 values per §0)", "2026-08-06")],
         speed=(128, 133700), speed_ref=("model-benchmarks-2026h2.md §1 row 'GPT-5.4 (xhigh)' tok/s and TTFAT (AA live API, 2026-08-22)", "2026-08-22"),
         notes="Benchmarks and speed: the xhigh reasoning variant (the only GPT-5.4 row AA measured)."),
    dict(id="gpt-5.4-pro", name="GPT-5.4 Pro", provider="openai", family="gpt-pro", ll_1p="gpt-5.4-pro", api_id="gpt-5.4-pro",
         md_1p="providers/openai/models/gpt-5.4-pro",
         offerings=[api("openai", "gpt-5.4-pro", api_id="gpt-5.4-pro", note="Responses API only."), pc("azure", "azure/gpt-5.4-pro", note="Azure OpenAI; no region named.")],
         tier=lineup("frontier", "models.dev providers/openai/models/gpt-5.4-pro.toml (line-up of the maker)", "the Pro variant above GPT-5.4 (priced 12x higher)."),
         notes="AA lists GPT-5.4 Pro without scores (model-benchmarks-2026h2.md §1 notes)."),
    dict(id="gpt-5.5-pro", name="GPT-5.5 Pro", provider="openai", family="gpt-pro", ll_1p="gpt-5.5-pro", api_id="gpt-5.5-pro",
         md_1p="providers/openai/models/gpt-5.5-pro",
         offerings=[api("openai", "gpt-5.5-pro", api_id="gpt-5.5-pro", note="Responses API only."), pc("azure", "azure/gpt-5.5-pro", note="Azure OpenAI; no region named.")],
         tier=lineup("frontier", "models.dev providers/openai/models/gpt-5.5-pro.toml (line-up of the maker)", "the Pro variant above GPT-5.5."),
         notes="AA lists GPT-5.5 Pro without scores (model-benchmarks-2026h2.md §1 notes)."),
    dict(id="gpt-5.1", name="GPT-5.1", provider="openai", family="gpt", ll_1p="gpt-5.1", api_id="gpt-5.1",
         md_1p="providers/openai/models/gpt-5.1",
         offerings=[api("openai", "gpt-5.1", api_id="gpt-5.1"), pc("azure", "azure/gpt-5.1", note="Azure OpenAI; no region named.")],
         tier=lineup("strong", "models.dev providers/openai/models/gpt-5.1.toml (line-up of the maker)", "flagship GPT line of late 2025, superseded by GPT-5.2."),
         notes="No independent benchmark row for GPT-5.1 in the data."),
    dict(id="gpt-5", name="GPT-5", provider="openai", family="gpt", ll_1p="gpt-5", api_id="gpt-5",
         md_1p="providers/openai/models/gpt-5",
         offerings=[api("openai", "gpt-5", api_id="gpt-5"), pc("azure", "azure/gpt-5", note="Azure OpenAI; no region named.")],
         tier=aa_tier("GPT-5 (high)", 44.6),
         bench={"aa_intelligence_v4_0": 44.6, "aa_intelligence_v4_1": 34.7, "aa_coding_v4_0": 36.0, "lmarena_text_elo": 1437,
                "lmarena_text_elo_2026_04": 1433, "aa_gpqa_diamond": 85.4, "aa_hle": 26.5, "swe_bench_bash_only": 65.0},
         bench_sources=[(MB1 + ", row 'GPT-5 (high)'; LMArena entry gpt-5-high", AA41),
                        ("model-benchmarks.md §2 row 'GPT-5 (thinking)', AA-measured GPQA and HLE columns [^aa40]", AA40),
                        ("model-benchmarks.md §3 row 'GPT-5', bash-only column (medium reasoning) [^swebash]", "2025-12-10")],
         speed=(90, 81500), speed_ref=("model-benchmarks.md §6 row 'GPT-5 (high)' [^aaspeed]", "2026-07-10"),
         notes="Benchmarks: AA variant GPT-5 (high); SWE-bench bash-only at medium reasoning. Speed: the high variant (the only row)."),
    dict(id="gpt-5.1-codex", name="GPT-5.1 Codex", provider="openai", family="gpt-codex", ll_1p="gpt-5.1-codex", api_id="gpt-5.1-codex",
         md_1p="providers/openai/models/gpt-5.1-codex",
         offerings=[api("openai", "gpt-5.1-codex", api_id="gpt-5.1-codex", note="Responses API."), pc("azure", "azure/gpt-5.1-codex", note="Azure OpenAI; no region named.")],
         tier=lineup("strong", "models.dev providers/openai/models/gpt-5.1-codex.toml (line-up of the maker)", "OpenAI's coding-tuned GPT-5.1."),
         notes="No independent benchmark row in the data."),
    dict(id="gpt-5.3-codex", name="GPT-5.3 Codex", provider="openai", family="gpt-codex", ll_1p="gpt-5.3-codex", api_id="gpt-5.3-codex",
         md_1p="providers/openai/models/gpt-5.3-codex",
         offerings=[api("openai", "gpt-5.3-codex", api_id="gpt-5.3-codex", note="Priority tier (3.5 / 28) not carried.")],
         tier=lineup("strong", "models.dev providers/openai/models/gpt-5.3-codex.toml (line-up of the maker)", "OpenAI's coding-tuned GPT of February 2026."),
         notes="No independent benchmark row in the data."),
    dict(id="o4-mini", name="o4-mini", provider="openai", family="o", ll_1p="o4-mini", api_id="o4-mini",
         md_1p="providers/openai/models/o4-mini",
         offerings=[api("openai", "o4-mini", api_id="o4-mini"), pc("azure", "azure/o4-mini", note="Azure OpenAI; no region named.")],
         tier=lineup("efficient", "models.dev providers/openai/models/o4-mini.toml (line-up of the maker)", "the mini reasoning model of the o line."),
         notes="No independent benchmark row in the data. OpenAI documents reinforcement fine-tuning for o4-mini-2025-04-16 at $100 per training hour (capabilities.md §5); not per-token, so not carried as fine_tuning."),
    dict(id="o3-pro", name="o3-pro", provider="openai", family="o", ll_1p="o3-pro", api_id="o3-pro",
         md_1p="providers/openai/models/o3-pro",
         offerings=[api("openai", "o3-pro", api_id="o3-pro", note="Responses API.")],
         tier=lineup("strong", "models.dev providers/openai/models/o3-pro.toml (line-up of the maker)", "the Pro variant of o3 (o3 scores 38.4 on AA v4.0: strong)."),
         notes="No independent benchmark row in the data."),
    dict(id="gpt-4.1", name="GPT-4.1", provider="openai", family="gpt-4.1", ll_1p="gpt-4.1", api_id="gpt-4.1",
         md_1p="providers/openai/models/gpt-4.1",
         offerings=[dict(api("openai", "gpt-4.1", api_id="gpt-4.1"), fine_tuning=("ft:gpt-4.1-2025-04-14",)),
                    pc("azure", "azure/gpt-4.1", note="Azure OpenAI; no region named.")],
         tier=lineup("strong", "models.dev providers/openai/models/gpt-4.1.toml (line-up of the maker)", "top of the non-reasoning GPT-4.1 line."),
         notes="Non-reasoning model with a 1M window. No independent benchmark row in the data."),
    dict(id="gpt-4.1-mini", name="GPT-4.1 mini", provider="openai", family="gpt-4.1", ll_1p="gpt-4.1-mini", api_id="gpt-4.1-mini",
         md_1p="providers/openai/models/gpt-4.1-mini",
         offerings=[dict(api("openai", "gpt-4.1-mini", api_id="gpt-4.1-mini"), fine_tuning=("ft:gpt-4.1-mini-2025-04-14",))],
         tier=lineup("efficient", "models.dev providers/openai/models/gpt-4.1-mini.toml (line-up of the maker)", "mini line."),
         notes="No independent benchmark row in the data."),
    dict(id="gpt-4.1-nano", name="GPT-4.1 nano", provider="openai", family="gpt-4.1", ll_1p="gpt-4.1-nano", api_id="gpt-4.1-nano",
         md_1p="providers/openai/models/gpt-4.1-nano",
         offerings=[dict(api("openai", "gpt-4.1-nano", api_id="gpt-4.1-nano"), fine_tuning=("ft:gpt-4.1-nano-2025-04-14",))],
         tier=lineup("small", "models.dev providers/openai/models/gpt-4.1-nano.toml (line-up of the maker)", "nano line, the smallest of the GPT-4.1 family."),
         notes="No independent benchmark row in the data."),
]

ANTHROPIC = [
    dict(id="claude-opus-4-5", name="Claude Opus 4.5", provider="anthropic", family="claude-opus", ll_1p="claude-opus-4-5", api_id="claude-opus-4-5",
         md_1p="providers/anthropic/models/claude-opus-4-5", md_model="models/anthropic/claude-opus-4-5",
         offerings=[api("anthropic", "claude-opus-4-5", api_id="claude-opus-4-5"),
                    pc("aws-bedrock", "global.anthropic.claude-opus-4-5-20251101-v1:0", regions=["global"], api_id="global.anthropic.claude-opus-4-5-20251101-v1:0", note="Cross-region inference profile 'global.'."),
                    pc("aws-bedrock", "eu.anthropic.claude-opus-4-5-20251101-v1:0", regions=["eu"], api_id="eu.anthropic.claude-opus-4-5-20251101-v1:0", note="EU inference profile."),
                    pc("google-vertex", "vertex_ai/claude-opus-4-5", api_id="claude-opus-4-5", note="The key names no region.")],
         tier=aa_tier("Claude Opus 4.5 (reasoning), fallback", 49.7),
         bench={"aa_intelligence_v4_0": 49.7, "aa_intelligence_v4_1": 40.8, "aa_coding_v4_0": 47.8, "lmarena_text_elo": 1468,
                "lmarena_text_elo_2026_04": 1473, "swe_bench_bash_only": 74.4},
         bench_sources=[(MB1 + ", row 'Claude Opus 4.5 (reasoning), fallback'; LMArena entries thinking-32k", AA41),
                        ("model-benchmarks.md §3 row 'Claude Opus 4.5 (fallback)', bash-only column (medium effort) [^swebash]", "2025-12-10")],
         notes="Benchmarks: AA variant Claude Opus 4.5 (reasoning); v4.1 value is AA's estimate. LMArena: thinking-32k entries."),
    dict(id="claude-sonnet-4-5", name="Claude Sonnet 4.5", provider="anthropic", family="claude-sonnet", ll_1p="claude-sonnet-4-5", api_id="claude-sonnet-4-5",
         md_1p="providers/anthropic/models/claude-sonnet-4-5", md_model="models/anthropic/claude-sonnet-4-5",
         offerings=[api("anthropic", "claude-sonnet-4-5", api_id="claude-sonnet-4-5"),
                    pc("aws-bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0", api_id="anthropic.claude-sonnet-4-5-20250929-v1:0", note="No region prefix in the key."),
                    pc("aws-bedrock", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", regions=["eu"], api_id="eu.anthropic.claude-sonnet-4-5-20250929-v1:0", note="EU inference profile (+10%)."),
                    pc("google-vertex", "vertex_ai/claude-sonnet-4-5", api_id="claude-sonnet-4-5", note="The key names no region; one of the few Claude entries with batch prices (capabilities.md §3).")],
         tier=aa_tier("Claude Sonnet 4.5 (reasoning), fallback", 43.0),
         bench={"aa_intelligence_v4_0": 43.0, "aa_intelligence_v4_1": 36.4, "aa_coding_v4_0": 38.6, "lmarena_text_elo": 1450,
                "lmarena_text_elo_2026_04": 1452, "aa_gpqa_diamond": 83.4, "aa_hle": 17.3, "swe_bench_bash_only": 70.6},
         bench_sources=[(MB1 + ", row 'Claude Sonnet 4.5 (reasoning), fallback'; LMArena entries thinking-32k", AA41),
                        ("model-benchmarks.md §2 row 'Claude Sonnet 4.5 (fallback)', AA-measured GPQA and HLE columns [^aa40]", AA40),
                        ("model-benchmarks.md §3 row 'Claude Sonnet 4.5 (fallback)', bash-only column [^swebash]", "2025-12-10")],
         notes="Benchmarks: AA variant Claude Sonnet 4.5 (reasoning). LMArena: thinking-32k entries."),
    dict(id="claude-haiku-5-5", name="Claude Haiku 5.5", provider="anthropic", family="claude-haiku", api_id=None,
         released=None, weights="closed", context_window=1000000, max_output_tokens=128000, input=["text"],
         id_ref="model-facts.md Part B row 'Claude Haiku 5.5'; A1 platform.claude.com/docs/about-claude/models/whats-new-opus-5 (lineup table)",
         id_note="Vendor lineup table only: 1M context, 128K output, knowledge cutoff Jun 2026; modalities not stated, so only text input is assumed; no API id given",
         offerings=[], manual_offerings=[
             "      - kind: api\n        host: anthropic\n        input_per_mtok: 0.1\n        output_per_mtok: 0.5\n"
             "        source: \"model-facts.md Part B row 'Claude Haiku 5.5' (A1 lineup table)\"\n        as_of: 2026-11-30\n"
             "        note: \"The page says 'from $0.10 / $0.50': the lowest price; a higher tier may apply. API id not given.\""],
         tier=lineup("efficient", "model-facts.md Part B (A1 lineup table)", "Haiku is Anthropic's economy line."),
         notes="Known only from a vendor lineup table (model-facts.md Part B): no API id, release date, modalities, capabilities or benchmarks in the data."),
]

GOOGLE = [
    dict(id="gemini-2.5-pro", name="Gemini 2.5 Pro", provider="google", family="gemini-pro", ll_1p="gemini/gemini-2.5-pro", api_id="gemini-2.5-pro",
         md_1p="providers/google/models/gemini-2.5-pro", md_model="models/google/gemini-2.5-pro",
         offerings=[api("google", "gemini/gemini-2.5-pro", api_id="gemini-2.5-pro", note="Gemini API."),
                    pc("google-vertex", "gemini-2.5-pro", api_id="gemini-2.5-pro", note="Vertex AI (litellm_provider vertex_ai-language-models); the key names no region.")],
         tier=aa_tier("Gemini 2.5 Pro, fallback", 34.6),
         bench={"aa_intelligence_v4_0": 34.6, "aa_intelligence_v4_1": 25.8, "aa_coding_v4_0": 32.0, "lmarena_text_elo": 1451,
                "aa_gpqa_diamond": 84.4, "aa_hle": 21.1, "swe_bench_bash_only": 53.6},
         bench_sources=[(MB1 + ", row 'Gemini 2.5 Pro, fallback'", AA41),
                        ("model-benchmarks.md §2 row 'Gemini 2.5 Pro', AA-measured GPQA (GA) and HLE columns [^aa40]", AA40),
                        ("model-benchmarks.md §3 row 'Gemini 2.5 Pro', bash-only column (05-06 version) [^swebash]", "2025-12-10")],
         speed=(132, 22200), speed_ref=("model-benchmarks.md §6 row 'Gemini 2.5 Pro' [^aaspeed]", "2026-07-10"),
         notes="SWE-bench bash-only figure is for the 05-06 preview. Vertex AI supervised fine-tuning lists Gemini 2.5 Pro as tunable (capabilities.md §5), with no price in the data."),
    dict(id="gemini-2.5-flash", name="Gemini 2.5 Flash", provider="google", family="gemini-flash", ll_1p="gemini/gemini-2.5-flash", api_id="gemini-2.5-flash",
         md_1p="providers/google/models/gemini-2.5-flash", md_model="models/google/gemini-2.5-flash",
         offerings=[api("google", "gemini/gemini-2.5-flash", api_id="gemini-2.5-flash", note="Gemini API."),
                    dict(pc("google-vertex", "gemini-2.5-flash", api_id="gemini-2.5-flash", note="Vertex AI (litellm_provider vertex_ai-language-models); the key names no region. Vertex AI supervised fine-tuning supports Gemini 2.5 Flash (capabilities.md §5); no training price in the data."), fine_tuning=())],
         tier=aa_tier("Gemini 2.5 Flash (reasoning), fallback", 27.0),
         bench={"aa_intelligence_v4_0": 27.0, "aa_intelligence_v4_1": 20.1, "aa_coding_v4_0": 22.2, "lmarena_text_elo": 1408,
                "aa_gpqa_diamond": 79.0, "aa_hle": 11.1},
         bench_sources=[(MB1 + ", row 'Gemini 2.5 Flash (reasoning), fallback'", AA41),
                        ("model-benchmarks.md §2 row 'Gemini 2.5 Flash', AA-measured GPQA and HLE columns [^aa40]", AA40)],
         speed=(219, 17100), speed_ref=("model-benchmarks.md §6 row 'Gemini 2.5 Flash (reasoning)' [^aaspeed]", "2026-07-10"),
         notes="Benchmarks: the reasoning variant; v4.1 is AA's estimate."),
    dict(id="gemini-2.5-flash-lite", name="Gemini 2.5 Flash-Lite", provider="google", family="gemini-flash-lite", ll_1p="gemini/gemini-2.5-flash-lite", api_id="gemini-2.5-flash-lite",
         md_1p="providers/google/models/gemini-2.5-flash-lite", md_model="models/google/gemini-2.5-flash-lite",
         offerings=[api("google", "gemini/gemini-2.5-flash-lite", api_id="gemini-2.5-flash-lite", note="Gemini API."),
                    dict(pc("google-vertex", "gemini-2.5-flash-lite", api_id="gemini-2.5-flash-lite", note="Vertex AI; the key names no region. Vertex AI supervised fine-tuning supports Gemini 2.5 Flash-Lite (capabilities.md §5); no training price in the data."), fine_tuning=())],
         tier=lineup("efficient", "models.dev providers/google/models/gemini-2.5-flash-lite.toml (line-up of the maker)", "Flash-Lite, Google's economy line."),
         notes="No independent benchmark row in the data."),
    dict(id="gemma-4-31b", name="Gemma 4 31B", provider="google", family="gemma-4", license=None, api_id="gemma-4-31b-it",
         md_model="models/google/gemma-4-31b-it", params=(31, 31),
         id_note="params: 31B dense, from the model name (models.dev 'Gemma 4 31B IT'); licence not in the data",
         offerings=[api("sambanova", "sambanova/gemma-4-31B-it", api_id="gemma-4-31B-it"),
                    api("tensormesh", "tensormesh/google/gemma-4-31B-it", api_id="google/gemma-4-31B-it"),
                    pc("aws-bedrock", "bedrock_mantle/google.gemma-4-31b", api_id="google.gemma-4-31b", note="Bedrock (litellm_provider bedrock_mantle); no region in the key.")],
         tier=lineup("efficient", "models.dev models/google/gemma-4-31b-it.toml (line-up of the maker)", "Gemma is Google's open line below Gemini."),
         notes="Open weights (huggingface.co/google/gemma-4-31B-it per models.dev). No independent benchmark row in the data."),
    dict(id="gemma-4-26b-a4b", name="Gemma 4 26B A4B", provider="google", family="gemma-4", license=None, api_id="gemma-4-26b-a4b-it",
         md_model="models/google/gemma-4-26b-a4b-it", params=(26, 4),
         id_note="params: 26B total / 4B active, from the model name; licence not in the data",
         offerings=[api("cloudflare", "cloudflare/@cf/google/gemma-4-26b-a4b-it", api_id="@cf/google/gemma-4-26b-a4b-it"),
                    api("scaleway", "scaleway/google/gemma-4-26b-a4b-it", api_id="google/gemma-4-26b-a4b-it", regions=["eu"], note="Scaleway is a French cloud; region from the host, not the key."),
                    pc("google-vertex", "vertex_ai/google/gemma-4-26b-a4b-it-maas", api_id="google/gemma-4-26b-a4b-it-maas", regions=["global"], note="Vertex MaaS; supported_regions [global].")],
         tier=lineup("small", "models.dev models/google/gemma-4-26b-a4b-it.toml (line-up of the maker)", "4B-active mixture-of-experts, Gemma's small line."),
         notes="No independent benchmark row in the data."),
]

XAI = [
    dict(id="grok-4.20", name="Grok 4.20", provider="xai", family="grok", ll_1p="xai/grok-4.20-0309-reasoning", api_id="grok-4.20-0309-reasoning",
         md_1p="providers/xai/models/grok-4.20-0309-reasoning", md_model="models/xai/grok-4.20-0309-reasoning",
         offerings=[api("xai", "xai/grok-4.20-0309-reasoning", api_id="grok-4.20-0309-reasoning", note="models.dev providers/xai/models/grok-4.20-0309-reasoning.toml gives $1.25 / $2.50 (with a 200K tier); the newer LiteLLM figure is kept."),
                    pc("google-vertex", "vertex_ai/xai/grok-4.20-reasoning", api_id="xai/grok-4.20-reasoning", note="Vertex AI partner model; no region named.")],
         tier=lineup("strong", "models.dev providers/xai/models/grok-4.20-0309-reasoning.toml (line-up of the maker)", "xAI's flagship of March 2026 (before Grok 4.3)."),
         notes="Reasoning variant (grok-4.20-0309-reasoning); a non-reasoning id exists at the same price. No independent benchmark row in the data."),
    dict(id="grok-4.1-fast", name="Grok 4.1 Fast", provider="xai", family="grok-fast", weights="closed", ll_1p="xai/grok-4-1-fast-reasoning", api_id="grok-4-1-fast-reasoning",
         offerings=[api("xai", "xai/grok-4-1-fast-reasoning", api_id="grok-4-1-fast-reasoning"),
                    pc("google-vertex", "vertex_ai/xai/grok-4.1-fast-reasoning", api_id="xai/grok-4.1-fast-reasoning", note="Vertex AI partner model; no region named.")],
         max_output_tokens=None,
         tier=lineup("efficient", "litellm xai/grok-4-1-fast-reasoning (line-up of the maker)", "xAI's fast, low-price line."),
         notes="Not in models.dev; facts from LiteLLM only (its max_output_tokens equals the context and is not copied). 2M context."),
    dict(id="grok-code-fast-1", name="Grok Code Fast 1", provider="xai", family="grok-code", weights="closed", ll_1p="xai/grok-code-fast-1", api_id="grok-code-fast-1",
         offerings=[api("xai", "xai/grok-code-fast-1", api_id="grok-code-fast-1")],
         max_output_tokens=None,
         tier=lineup("efficient", "litellm xai/grok-code-fast-1 (line-up of the maker)", "xAI's low-price coding model."),
         notes="Not in models.dev; facts from LiteLLM only (max_output_tokens equal to the context is not copied)."),
]

MOONSHOT = [
    dict(id="kimi-k2-thinking", name="Kimi K2 Thinking", provider="moonshot", family="kimi-k2", license="modified-mit", ll_1p="moonshot/kimi-k2-thinking", api_id="kimi-k2-thinking",
         md_1p="providers/moonshotai/models/kimi-k2-thinking", md_model="models/moonshotai/kimi-k2-thinking", params=(1000, 32),
         id_note="params and licence: the Kimi K2 family (KIMI: Kimi-K2 README, 1T total / 32B active; Modified MIT), of which K2 Thinking is a variant",
         offerings=[api("moonshot", "moonshot/kimi-k2-thinking", api_id="kimi-k2-thinking"),
                    api("fireworks", "fireworks_ai/accounts/fireworks/models/kimi-k2-thinking", api_id="accounts/fireworks/models/kimi-k2-thinking"),
                    pc("aws-bedrock", "bedrock/us-east-1/moonshotai.kimi-k2-thinking", regions=["us-east-1"], api_id="moonshotai.kimi-k2-thinking"),
                    pc("google-vertex", "vertex_ai/moonshotai/kimi-k2-thinking-maas", api_id="moonshotai/kimi-k2-thinking-maas", note="Vertex MaaS; no region named.")],
         tier=aa_tier("Kimi K2 Thinking", 40.9),
         bench={"aa_intelligence_v4_0": 40.9, "aa_intelligence_v4_1": 32.7, "aa_coding_v4_0": 34.8, "lmarena_text_elo": 1425},
         bench_sources=[(MB1 + ", row 'Kimi K2 Thinking'; LMArena entry thinking-turbo", AA41)],
         speed=(113, 19400), speed_ref=("model-benchmarks.md §6 row 'Kimi K2 Thinking' (time to first answer token) [^aaspeed]", "2026-07-10"),
         notes="LMArena figure is the thinking-turbo entry. v4.1 is AA's estimate."),
    dict(id="kimi-k2.7-code", name="Kimi K2.7 Code", provider="moonshot", family="kimi-k2", license=None, api_id="kimi-k2.7-code",
         md_1p="providers/moonshotai/models/kimi-k2.7-code", md_model="models/moonshotai/kimi-k2.7-code",
         offerings=[api("moonshot", md_path="providers/moonshotai/models/kimi-k2.7-code", api_id="kimi-k2.7-code")],
         tier=lineup("strong", "models.dev models/moonshotai/kimi-k2.7-code.toml (line-up of the maker)", "Moonshot's coding model of June 2026 (AA measured no v4.0 index for it)."),
         bench={"aa_intelligence_v4_1": 41.9},
         bench_sources=[("model-benchmarks-2026h2.md §1 row 'Kimi K2.7 Code (`kimi-k2-7-code`)': II v4.1 (08-06; equal to the 07-10 v4.1 values per §0)", "2026-08-06")],
         speed=(49, 48500), speed_ref=("model-benchmarks-2026h2.md §1 row 'Kimi K2.7 Code' tok/s and TTFAT (AA live API, 2026-08-22)", "2026-08-22"),
         notes="Open weights (huggingface.co/moonshotai/Kimi-K2.7-Code per models.dev); licence not in the data."),
    dict(id="kimi-k2.5", name="Kimi K2.5", provider="moonshot", family="kimi-k2", license=None, ll_1p="moonshot/kimi-k2.5", api_id="kimi-k2.5",
         md_1p="providers/moonshotai/models/kimi-k2.5", md_model="models/moonshotai/kimi-k2.5",
         offerings=[api("moonshot", "moonshot/kimi-k2.5", api_id="kimi-k2.5"),
                    api("together", "together_ai/moonshotai/Kimi-K2.5", api_id="moonshotai/Kimi-K2.5"),
                    pc("aws-bedrock", "bedrock/us-east-1/moonshotai.kimi-k2.5", regions=["us-east-1"], api_id="moonshotai.kimi-k2.5"),
                    pc("azure", "azure_ai/kimi-k2.5", api_id="kimi-k2.5", note="Azure AI Foundry; no region named.")],
         tier=lineup("strong", "models.dev providers/moonshotai/models/kimi-k2.5.toml (line-up of the maker)", "Moonshot's flagship of early 2026 (before K2.6)."),
         notes="No independent benchmark row in the data."),
]

ZHIPU = [
    dict(id="glm-4.6", name="GLM-4.6", provider="zhipu", family="glm-4", license=None, ll_1p="zai/glm-4.6", api_id="glm-4.6",
         md_1p="providers/zai/models/glm-4.6", md_model="models/zhipuai/glm-4.6",
         offerings=[api("zai", "zai/glm-4.6", api_id="glm-4.6"), api("together", "together_ai/zai-org/GLM-4.6", api_id="zai-org/GLM-4.6"),
                    api("cerebras", "cerebras/zai-glm-4.6", api_id="zai-glm-4.6")],
         tier=aa_tier("GLM-4.6 (reasoning)", 32.5),
         bench={"aa_intelligence_v4_0": 32.5, "aa_intelligence_v4_1": 28.7, "aa_coding_v4_0": 29.5, "lmarena_text_elo": 1425,
                "aa_gpqa_diamond": 78.0, "aa_hle": 13.3},
         bench_sources=[(MB1 + ", row 'GLM-4.6 (reasoning)'", AA41),
                        ("model-benchmarks.md §2 row 'GLM-4.6', AA-measured GPQA and HLE columns [^aa40]", AA40)],
         speed=(44, 47700), speed_ref=("model-benchmarks.md §6 row 'GLM-4.6 (reasoning)' (time to first answer token) [^aaspeed]", "2026-07-10"),
         notes="Benchmarks: the reasoning variant."),
    dict(id="glm-4.7", name="GLM-4.7", provider="zhipu", family="glm-4", license=None, ll_1p="zai/glm-4.7", api_id="glm-4.7",
         md_1p="providers/zai/models/glm-4.7", md_model="models/zhipuai/glm-4.7",
         offerings=[api("zai", "zai/glm-4.7", api_id="glm-4.7"), api("together", "together_ai/zai-org/GLM-4.7", api_id="zai-org/GLM-4.7"),
                    pc("aws-bedrock", "zai.glm-4.7", api_id="zai.glm-4.7", note="Bedrock Converse; no region in the key."),
                    pc("google-vertex", "vertex_ai/zai-org/glm-4.7-maas", api_id="zai-org/glm-4.7-maas", regions=["global"], note="Vertex MaaS; supported_regions [global].")],
         tier=lineup("strong", "models.dev providers/zai/models/glm-4.7.toml (line-up of the maker)", "Z.ai's flagship of late 2025 (before GLM-5)."),
         notes="No independent benchmark row in the data."),
]

QWEN = [
    dict(id="qwen3.6-plus", name="Qwen3.6-Plus", provider="alibaba", family="qwen-plus", api_id="qwen3.6-plus",
         md_1p="providers/alibaba/models/qwen3.6-plus", md_model="models/alibaba/qwen3.6-plus",
         offerings=[api("alibaba", md_path="providers/alibaba/models/qwen3.6-plus", api_id="qwen3.6-plus", note="Alibaba Cloud Model Studio (international)."),
                    api("openrouter", "openrouter/qwen/qwen3.6-plus", api_id="qwen/qwen3.6-plus", note="OpenRouter (a router; the serving provider varies).")],
         tier=lineup("strong", "models.dev providers/alibaba/models/qwen3.6-plus.toml (line-up of the maker)", "Qwen's mid closed line (Plus, below Max)."),
         notes="LiveBench lists qwen3.6-plus (model-benchmarks-2026h2.md §3) but the catalog carries no LiveBench metric."),
]
for size, total, active, name in [("122b-a10b", 122, 10, "Qwen3.5-122B-A10B"), ("35b-a3b", 35, 3, "Qwen3.5-35B-A3B"), ("27b", 27, 27, "Qwen3.5-27B")]:
    QWEN.append(dict(
        id=f"qwen3.5-{size}", name=name, provider="alibaba", family="qwen3.5", license=None, api_id=f"qwen3.5-{size}",
        md_1p=f"providers/alibaba/models/qwen3.5-{size}", md_model=f"models/alibaba/qwen3.5-{size}", params=(total, active),
        id_note="params from the model name; licence: Qwen says all its open-weight models are Apache-2.0 (QWEN), not checked per model, so null",
        offerings=[api("alibaba", md_path=f"providers/alibaba/models/qwen3.5-{size}", api_id=f"qwen3.5-{size}", note="Alibaba Cloud Model Studio (international)."),
                   api("openrouter", f"openrouter/qwen/qwen3.5-{size}", api_id=f"qwen/qwen3.5-{size}", note="OpenRouter (a router; the serving provider varies).")],
        tier=lineup("efficient" if total > 30 else "small", f"models.dev models/alibaba/qwen3.5-{size}.toml (line-up of the maker)", "a mid-size open Qwen3.5, below the 397B flagship." if total > 30 else "a small open Qwen3.5."),
        notes="No independent benchmark row in the data."))

MINIMAX = [
    dict(id="minimax-m2.5", name="MiniMax M2.5", provider="minimax", family="minimax-m2", license=None, ll_1p="minimax/MiniMax-M2.5", api_id="MiniMax-M2.5",
         md_1p="providers/minimax/models/MiniMax-M2.5", md_model="models/minimax/MiniMax-M2.5",
         offerings=[api("minimax", "minimax/MiniMax-M2.5", api_id="MiniMax-M2.5", note="LiteLLM max_input_tokens 1,000,000 disagrees with models.dev's 204,800 window; the maker's models.dev figure is the model's."),
                    pc("aws-bedrock", "bedrock/us-east-2/minimax.minimax-m2.5", regions=["us-east-2"], api_id="minimax.minimax-m2.5")],
         tier=lineup("strong", "models.dev providers/minimax/models/MiniMax-M2.5.toml (line-up of the maker)", "MiniMax's flagship of early 2026."),
         notes="No independent benchmark row in the data."),
    dict(id="minimax-m3", name="MiniMax M3", provider="minimax", family="minimax-m3", license=None, ll_1p="minimax/MiniMax-M3", api_id="MiniMax-M3",
         md_1p="providers/minimax/models/MiniMax-M3", md_model="models/minimax/MiniMax-M3",
         offerings=[api("minimax", "minimax/MiniMax-M3", api_id="MiniMax-M3"),
                    api("fireworks", "fireworks_ai/accounts/fireworks/models/minimax-m3", api_id="accounts/fireworks/models/minimax-m3")],
         tier=lineup("strong", "models.dev providers/minimax/models/MiniMax-M3.toml (line-up of the maker)", "MiniMax's flagship (June 2026)."),
         notes="No independent benchmark row in the data."),
]

NVIDIA = [
    dict(id="nemotron-3-super", name="Nemotron 3 Super 120B A12B", provider="nvidia", family="nemotron-3", license=None, ll_1p="nvidia.nemotron-super-3-120b", api_id="nvidia.nemotron-super-3-120b",
         md_model="models/nvidia/nemotron-3-super-120b-a12b", params=(120, 12),
         id_note="params from the model name",
         offerings=[pc("aws-bedrock", "nvidia.nemotron-super-3-120b", api_id="nvidia.nemotron-super-3-120b", note="Bedrock Converse; no region in the key."),
                    api("cloudflare", "cloudflare/@cf/nvidia/nemotron-3-120b-a12b", api_id="@cf/nvidia/nemotron-3-120b-a12b")],
         tier=lineup("efficient", "models.dev models/nvidia/nemotron-3-super-120b-a12b.toml (line-up of the maker)", "the mid (Super) size of NVIDIA's open Nemotron 3 line."),
         notes="No first-party paid API in the data. No independent benchmark row in the data."),
    dict(id="nemotron-3-nano", name="Nemotron 3 Nano 30B A3B", provider="nvidia", family="nemotron-3", license=None, ll_1p="nvidia.nemotron-nano-3-30b", api_id="nvidia.nemotron-nano-3-30b",
         md_model="models/nvidia/nemotron-3-nano-30b-a3b", params=(30, 3),
         id_note="params from the model name",
         offerings=[pc("aws-bedrock", "nvidia.nemotron-nano-3-30b", api_id="nvidia.nemotron-nano-3-30b", note="Bedrock Converse; no region in the key.")],
         tier=lineup("small", "models.dev models/nvidia/nemotron-3-nano-30b-a3b.toml (line-up of the maker)", "the Nano size of Nemotron 3."),
         notes="No first-party paid API in the data. No independent benchmark row in the data."),
]

COHERE = [
    dict(id="command-a", name="Command A", provider="cohere", family="command-a", license=None, ll_1p="command-a-03-2025", api_id="command-a-03-2025",
         md_1p="providers/cohere/models/command-a-03-2025", md_model="models/cohere/command-a-03-2025",
         offerings=[api("cohere", "command-a-03-2025", api_id="command-a-03-2025"),
                    pc("oracle-oci", "oci/cohere.command-a-03-2025", api_id="cohere.command-a-03-2025", note="Oracle OCI Generative AI; no region named.")],
         tier=lineup("strong", "models.dev providers/cohere/models/command-a-03-2025.toml (line-up of the maker)", "Cohere's flagship."),
         notes="Open weights per models.dev (open_weights = true); licence not in the data. No independent benchmark row in the data."),
]

AMAZON = [
    dict(id="nova-2-lite", name="Amazon Nova 2 Lite", provider="amazon", family="nova-2", ll_1p="amazon.nova-2-lite-v1:0", api_id="amazon.nova-2-lite-v1:0",
         md_1p="providers/amazon-bedrock/models/amazon.nova-2-lite-v1:0", released=None, context_window=1000000, max_output_tokens=None,
         id_note="context from litellm amazon.nova-2-lite-v1:0 max_input_tokens (models.dev's 128,000 window, 4,096 output and 2024-12-01 release look like Nova 1 figures and are not used); release date unknown",
         offerings=[pc("aws-bedrock", "global.amazon.nova-2-lite-v1:0", regions=["global"], api_id="global.amazon.nova-2-lite-v1:0", note="Bedrock is Amazon's own API and runs in the customer's AWS account."),
                    pc("aws-bedrock", "eu.amazon.nova-2-lite-v1:0", regions=["eu"], api_id="eu.amazon.nova-2-lite-v1:0", note="EU inference profile (+10%). Amazon documents Bedrock fine-tuning of Nova Lite with on-demand inference of custom models at the base rate (capabilities.md §5); that page is about Nova 1, so fine_tuning is not set here.")],
         tier=lineup("efficient", "litellm amazon.nova-2-lite-v1:0 (line-up of the maker)", "Lite is Amazon's mid-price Nova tier."),
         notes="No independent benchmark row in the data."),
    dict(id="nova-2-pro", name="Amazon Nova 2 Pro (preview)", provider="amazon", family="nova-2", ll_1p="amazon.nova-2-pro-preview-20251202-v1:0", api_id="amazon.nova-2-pro-preview-20251202-v1:0",
         released=None, weights="closed", max_output_tokens=None,
         id_note="release date: the key's 20251202 is a version stamp, not a documented release date",
         offerings=[pc("aws-bedrock", "amazon.nova-2-pro-preview-20251202-v1:0", api_id="amazon.nova-2-pro-preview-20251202-v1:0", note="No region prefix in the key."),
                    pc("aws-bedrock", "eu.amazon.nova-2-pro-preview-20251202-v1:0", regions=["eu"], api_id="eu.amazon.nova-2-pro-preview-20251202-v1:0")],
         tier=lineup("strong", "litellm amazon.nova-2-pro-preview-20251202-v1:0 (line-up of the maker)", "Pro is Amazon's top generally priced Nova tier."),
         notes="A preview model (its id says so). No independent benchmark row in the data."),
]

MISTRAL = [
    dict(id="devstral-2", name="Devstral 2 (2512)", provider="mistral", family="devstral", license=None, ll_1p="mistral/devstral-2512", api_id="devstral-2512",
         md_1p="providers/mistral/models/devstral-2512", md_model="models/mistral/devstral-2512", status=("ga", "litellm mistral/devstral-2512 (no preview mark); models.dev marks the 2512 file deprecated, superseded by devstral-latest"),
         offerings=[api("mistral", "mistral/devstral-2512", api_id="devstral-2512", regions=["eu"], note="Mistral's API (La Plateforme, EU)."),
                    pc("aws-bedrock", "mistral.devstral-2-123b", api_id="mistral.devstral-2-123b", note="Bedrock Converse; no region in the key.")],
         params=(123, 123), id_note="params: 123B, from the Bedrock id mistral.devstral-2-123b",
         tier=lineup("efficient", "models.dev providers/mistral/models/devstral-2512.toml (line-up of the maker)", "Mistral's coding-agent model."),
         notes="models.dev marks devstral-2512 deprecated (status), with no date; kept as an active model because no retirement date is given."),
    dict(id="codestral-2508", name="Codestral (2508)", provider="mistral", family="codestral", ll_1p="mistral/codestral-2508", api_id="codestral-2508",
         weights="closed", license="proprietary", md_model="models/mistral/codestral-latest", released=None,
         id_note="release date: the models.dev codestral-latest file's 2024-05-29 is the first Codestral's, not 2508's; left unknown",
         offerings=[api("mistral", "mistral/codestral-2508", api_id="codestral-2508", regions=["eu"], note="Mistral's API (La Plateforme, EU).")],
         tier=lineup("efficient", "litellm mistral/codestral-2508 (line-up of the maker)", "Mistral's code-completion model."),
         notes="Weights: the models.dev codestral-latest file says open_weights = false; facts from LiteLLM mistral/codestral-2508 otherwise."),
    dict(id="magistral-medium", name="Magistral Medium 1.2", provider="mistral", family="magistral", ll_1p="mistral/magistral-medium-2509", api_id="magistral-medium-2509",
         md_model="models/mistral/magistral-medium-latest", released=None,
         id_note="release date: the models.dev magistral-medium-latest file's 2025-03-17 predates version 1.2 (2509); left unknown",
         offerings=[api("mistral", "mistral/magistral-medium-2509", api_id="magistral-medium-2509", regions=["eu"], note="Mistral's API (La Plateforme, EU).")],
         tier=lineup("efficient", "models.dev models/mistral/magistral-medium-latest.toml (line-up of the maker)", "Mistral's reasoning model (mid line)."),
         notes="No independent benchmark row in the data."),
]
for size, name in [("14b", "Ministral 3 14B"), ("8b", "Ministral 3 8B"), ("3b", "Ministral 3 3B")]:
    MISTRAL.append(dict(
        id=f"ministral-3-{size}", name=name, provider="mistral", family="ministral-3", license=None, ll_1p=f"mistral/ministral-3-{size}-2512", api_id=f"ministral-3-{size}-2512",
        weights="open", params=(int(size[:-1]), int(size[:-1])),
        id_note="weights: Ministral 3 is Mistral's open small line (not stated in these files; set from the maker's line-up naming); params from the name",
        offerings=[api("mistral", f"mistral/ministral-3-{size}-2512", api_id=f"ministral-3-{size}-2512", regions=["eu"], note="Mistral's API (La Plateforme, EU).")],
        tier=lineup("small", f"litellm mistral/ministral-3-{size}-2512 (line-up of the maker)", "Ministral is Mistral's small line."),
        notes="Facts from LiteLLM only (not in models.dev). No independent benchmark row in the data."))

QWEN += [
    dict(id="qwen3.7-plus", name="Qwen3.7-Plus", provider="alibaba", family="qwen-plus", api_id="qwen3.7-plus",
         md_1p="providers/alibaba/models/qwen3.7-plus", md_model="models/alibaba/qwen3.7-plus",
         offerings=[api("alibaba", md_path="providers/alibaba/models/qwen3.7-plus", api_id="qwen3.7-plus", note="Alibaba Cloud Model Studio (international).")],
         tier=aa_tier_h2("Qwen3.7 Plus (`qwen3-7-plus`)", 53.3),
         bench={"aa_intelligence_v4_0": 53.3, "aa_coding_v4_0": 46.5, "aa_intelligence_v4_1": 39.0},
         bench_sources=[("model-benchmarks-2026h2.md §1 row 'Qwen3.7 Plus (`qwen3-7-plus`)': II v4.0 (06-15), CI v4.0 (06-15), II v4.1 (08-06)", "2026-08-06")],
         speed=(56, 37600), speed_ref=("model-benchmarks-2026h2.md §1 row 'Qwen3.7 Plus' tok/s and TTFAT (AA live API, 2026-08-22)", "2026-08-22"),
         notes="Qwen's mid closed line of June 2026. Benchmarks: AA's single Qwen3.7 Plus row."),
    dict(id="qwen3.6-27b", name="Qwen3.6-27B", provider="alibaba", family="qwen3.6", license=None, api_id="qwen3.6-27b",
         md_1p="providers/alibaba/models/qwen3.6-27b", md_model="models/alibaba/qwen3.6-27b", params=(27, 27),
         id_note="params from the model name (dense); licence: Qwen says all its open-weight models are Apache-2.0 (QWEN), not checked per model, so null",
         offerings=[api("alibaba", md_path="providers/alibaba/models/qwen3.6-27b", api_id="qwen3.6-27b", note="Alibaba Cloud Model Studio (international)."),
                    api("tensormesh", "tensormesh/Qwen/Qwen3.6-27B-FP8", api_id="Qwen/Qwen3.6-27B-FP8", note="FP8 weights.")],
         tier=lineup("small", "models.dev models/alibaba/qwen3.6-27b.toml (line-up of the maker)", "a small open Qwen3.6."),
         notes="No independent benchmark row in the data."),
]

MICROSOFT = [
    dict(id="phi-4", name="Phi-4", provider="microsoft", family="phi-4", license=None, ll_1p="azure_ai/Phi-4", api_id="Phi-4",
         md_1p="providers/azure-cognitive-services/models/phi-4", params=None, context_window=16384,
         id_note="context_window 16,384 from litellm azure_ai/Phi-4 and deepinfra/microsoft/phi-4 max_input_tokens (both hosts agree); models.dev's 128,000 is not used",
         offerings=[pc("azure", "azure_ai/Phi-4", api_id="Phi-4", note="Azure AI Foundry (Microsoft's own); no region named."),
                    api("deepinfra", "deepinfra/microsoft/phi-4", api_id="microsoft/phi-4")],
         tier=lineup("small", "models.dev providers/azure-cognitive-services/models/phi-4.toml (line-up of the maker)", "Phi is Microsoft's small-model line."),
         notes="Open weights per models.dev (open_weights = true); licence not in the data. No independent benchmark row in the data."),
    dict(id="phi-4-reasoning", name="Phi-4-reasoning", provider="microsoft", family="phi-4", license=None, ll_1p="azure_ai/Phi-4-reasoning", api_id="Phi-4-reasoning",
         md_1p="providers/azure-cognitive-services/models/phi-4-reasoning", released=None,
         id_note="release date: models.dev gives 2024-12-11, the same as Phi-4's, which looks copied; left unknown",
         offerings=[pc("azure", "azure_ai/Phi-4-reasoning", api_id="Phi-4-reasoning", note="Azure AI Foundry; no region named.")],
         tier=lineup("small", "models.dev providers/azure-cognitive-services/models/phi-4-reasoning.toml (line-up of the maker)", "Phi is Microsoft's small-model line."),
         notes="No independent benchmark row in the data."),
    dict(id="phi-4-multimodal", name="Phi-4-multimodal", provider="microsoft", family="phi-4", license=None, ll_1p="azure_ai/Phi-4-multimodal-instruct", api_id="Phi-4-multimodal-instruct",
         md_1p="providers/azure-cognitive-services/models/phi-4-multimodal", released=None,
         id_note="release date: models.dev gives 2024-12-11, the same as Phi-4's, which looks copied; left unknown",
         offerings=[pc("azure", "azure_ai/Phi-4-multimodal-instruct", api_id="Phi-4-multimodal-instruct", note="Azure AI Foundry; no region named.")],
         tier=lineup("small", "models.dev providers/azure-cognitive-services/models/phi-4-multimodal.toml (line-up of the maker)", "Phi is Microsoft's small-model line."),
         notes="Text, image and audio input; audio is priced separately (LiteLLM $4.00 per 1M audio tokens). No independent benchmark row in the data."),
]

XIAOMI = [
    dict(id="mimo-v2.5-pro", name="MiMo V2.5 Pro", provider="xiaomi", family="mimo", license=None, api_id="mimo-v2.5-pro",
         md_1p="providers/xiaomi/models/mimo-v2.5-pro", md_model="models/xiaomi/mimo-v2.5-pro",
         offerings=[api("xiaomi", md_path="providers/xiaomi/models/mimo-v2.5-pro", api_id="mimo-v2.5-pro"),
                    api("openrouter", "openrouter/xiaomi/mimo-v2.5-pro", api_id="xiaomi/mimo-v2.5-pro", note="OpenRouter (a router).")],
         tier=lineup("strong", "models.dev providers/xiaomi/models/mimo-v2.5-pro.toml (line-up of the maker)", "Xiaomi's flagship."),
         notes="No independent benchmark row in the data."),
]

GROUPS = [("OpenAI (added for issue 11)", OPENAI), ("Anthropic (added for issue 11)", ANTHROPIC), ("Google (added for issue 11)", GOOGLE),
          ("xAI (added for issue 11)", XAI), ("Moonshot AI (added for issue 11)", MOONSHOT), ("Z.ai (added for issue 11)", ZHIPU),
          ("Alibaba Qwen (added for issue 11)", QWEN), ("MiniMax (added for issue 11)", MINIMAX), ("NVIDIA (added for issue 11)", NVIDIA),
          ("Cohere (added for issue 11)", COHERE), ("Amazon (added for issue 11)", AMAZON), ("Mistral (added for issue 11)", MISTRAL),
          ("Xiaomi (added for issue 11)", XIAOMI), ("Microsoft (added for issue 11)", MICROSOFT)]
