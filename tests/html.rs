//! The HTML report (issue 14): one self-contained page, checked as text
//! (no script, nothing fetched, every section, every string escaped) and in
//! a real headless Debian `chromium`: `--dump-dom` must hold every section
//! and `--screenshot` must not be blank. Without chromium the browser half
//! is skipped with a note — except under CI=true, where it fails (`.ci/run`
//! installs chromium).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/cli.rs"]
mod cli;
use cli::*;

/// The sections of a recommendation, in reading order: the decision first.
const RECOMMEND_SECTIONS: [&str; 9] = [
    "decision",
    "routes",
    "cost-chart",
    "candidates",
    "exclusions",
    "adaptation",
    "eval-plan",
    "what-would-change",
    "assumptions",
];

const COMPARE_SECTIONS: [&str; 5] = [
    "decision",
    "options",
    "break-even",
    "what-would-change",
    "assumptions",
];

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("html-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

fn html(args: &[&str]) -> String {
    let out = fmselect(args);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Positions of `<section id="...">` in order; panics naming a missing one.
fn assert_sections_in_order(page: &str, ids: &[&str], what: &str) {
    let mut last = 0;
    for id in ids {
        let tag = format!("<section id=\"{id}\">");
        let at = page
            .find(&tag)
            .unwrap_or_else(|| panic!("{what}: no section `{id}`"));
        assert!(at >= last, "{what}: section `{id}` is out of order");
        last = at;
    }
}

/// Self-contained: no script, no external resource, no link off the page.
fn assert_self_contained(page: &str, what: &str) {
    let lower = page.to_lowercase();
    for bad in [
        "<script",
        "<link",
        "<iframe",
        "<img",
        "@import",
        "url(",
        "src=",
        "javascript:",
    ] {
        assert!(!lower.contains(bad), "{what}: contains `{bad}`");
    }
    for (i, _) in lower.match_indices("href=") {
        let rest = &lower[i + 5..];
        assert!(
            rest.starts_with("\"#"),
            "{what}: a link off the page: {}",
            &rest[..40.min(rest.len())]
        );
    }
    // The only URL is the SVG namespace, which is a name, not a fetch.
    let urls = lower.matches("http://").count() + lower.matches("https://").count();
    let namespaces = lower
        .matches("xmlns=\"http://www.w3.org/2000/svg\"")
        .count();
    assert_eq!(
        urls, namespaces,
        "{what}: a URL other than the SVG namespace"
    );
    assert!(lower.contains("@media print"), "{what}: no print style");
    assert!(lower.contains("content-security-policy"), "{what}: no CSP");
}

#[test]
fn recommend_and_compare_pages_are_self_contained_and_ordered() {
    for file in [
        "requirements/examples/knowledge-assistant.yaml",
        "requirements/examples/minimal.yaml",
        "requirements/examples/data-local.yaml",
    ] {
        let page = html(&["recommend", file, "--format", "html"]);
        assert!(page.starts_with("<!DOCTYPE html>"), "{file}");
        assert_sections_in_order(&page, &RECOMMEND_SECTIONS, file);
        assert_self_contained(&page, file);
        assert!(page.contains("<svg"), "{file}: the chart is not inline");
    }
    // Nothing satisfies the constraints (exit 3): every section still there.
    let out = fmselect(&[
        "recommend",
        "tests/fixtures/recommend/closed-regulated.yaml",
        "--format",
        "html",
    ]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let page = stdout(&out);
    assert_sections_in_order(&page, &RECOMMEND_SECTIONS, "closed-regulated");
    assert_self_contained(&page, "closed-regulated");
    assert!(page.contains("Nothing satisfies the hard constraints"));
    assert!(page.contains("No chart: "), "says why there is no chart");

    let seed = "requirements/examples/seed-scenario.yaml";
    let page = html(&["compare", seed, "--format", "html"]);
    assert_sections_in_order(&page, &COMPARE_SECTIONS, seed);
    assert_self_contained(&page, seed);
    assert!(page.contains("<svg"), "{seed}: the chart is not inline");
}

#[test]
fn every_user_string_is_escaped() {
    let dir = temp_dir("escape");
    let req = dir.join("evil.yaml");
    std::fs::write(
        &req,
        "name: \"<script>alert(1)</script> & <b>x</b>\"\n\
         description: \"<img src=x onerror=alert(2)> 'q' \\\"d\\\"\"\n\
         task:\n  type: rag-qa\n",
    )
    .unwrap();
    let page = html(&["recommend", req.to_str().unwrap(), "--format", "html"]);
    assert!(!page.contains("<script>alert"), "unescaped script");
    assert!(!page.contains("<img"), "unescaped img");
    assert!(!page.contains("<b>x</b>"), "unescaped markup");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt; &#39;q&#39; &quot;d&quot;"));
}

#[test]
fn the_page_is_byte_identical_across_runs() {
    let args = [
        "recommend",
        "requirements/examples/knowledge-assistant.yaml",
        "--format",
        "html",
    ];
    assert_eq!(html(&args), html(&args));
}

/// Debian's chromium binary, if installed.
fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Runs chromium headless on `page` with `extra` flags; kills it after 90 s.
fn run_chromium(chromium: &Path, dir: &Path, page: &Path, extra: &[String]) -> String {
    let profile = dir.join(format!("profile-{}", extra.len()));
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for chromium") {
            break s;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = child.wait_with_output().expect("chromium output");
    assert!(
        status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Decodes an RGB(A) PNG and returns (width, height, distinct colours,
/// share of pixels that are not the most common colour).
fn png_stats(path: &Path) -> (u32, u32, usize, f64) {
    let file = std::fs::File::open(path).expect("the screenshot exists");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let mut counts = std::collections::HashMap::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        *counts.entry(px[..3.min(px.len())].to_vec()).or_insert(0u64) += 1;
    }
    let total: u64 = counts.values().sum();
    let top = counts.values().copied().max().unwrap_or(0);
    (
        info.width,
        info.height,
        counts.len(),
        1.0 - top as f64 / total as f64,
    )
}

#[test]
fn headless_chromium_renders_every_section_and_a_non_blank_page() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is not installed, and CI=true: .ci/run must install it (apt-get install chromium)"
        );
        eprintln!(
            "SKIPPED: chromium is not installed (apt-get install -y chromium); CI never skips this"
        );
        return;
    };
    let dir = temp_dir("chromium");
    for (name, args, sections) in [
        (
            "recommend",
            vec![
                "recommend",
                "requirements/examples/knowledge-assistant.yaml",
                "--format",
                "html",
            ],
            &RECOMMEND_SECTIONS[..],
        ),
        (
            "compare",
            vec![
                "compare",
                "requirements/examples/seed-scenario.yaml",
                "--format",
                "html",
            ],
            &COMPARE_SECTIONS[..],
        ),
    ] {
        let page = dir.join(format!("{name}.html"));
        std::fs::write(&page, html(&args)).unwrap();

        let dom = run_chromium(&chromium, &dir, &page, &["--dump-dom".to_owned()]);
        assert_sections_in_order(&dom, sections, &format!("{name} DOM"));
        assert!(dom.contains("<svg"), "{name}: the chart is not in the DOM");

        let shot = dir.join(format!("{name}.png"));
        run_chromium(
            &chromium,
            &dir,
            &page,
            &[
                format!("--screenshot={}", shot.display()),
                "--window-size=1200,1600".to_owned(),
            ],
        );
        let (w, h, colours, ink) = png_stats(&shot);
        eprintln!(
            "{name}: screenshot {w}×{h}, {colours} colours, {:.1}% non-background pixels ({})",
            ink * 100.0,
            shot.display()
        );
        assert_eq!((w, h), (1200, 1600), "{name}: screenshot size");
        assert!(
            colours > 50,
            "{name}: only {colours} colours: a blank page?"
        );
        assert!(ink > 0.03, "{name}: {:.2}% ink: a blank page?", ink * 100.0);

        // Printed (the print style sheet applies): a real, multi-page PDF.
        let pdf = dir.join(format!("{name}.pdf"));
        run_chromium(
            &chromium,
            &dir,
            &page,
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_owned(),
            ],
        );
        let bytes = std::fs::read(&pdf).expect("the PDF exists");
        assert!(bytes.starts_with(b"%PDF-"), "{name}: not a PDF");
        let pages = bytes.windows(10).filter(|w| w == b"/Type /Pag").count();
        eprintln!("{name}: PDF of {} bytes", bytes.len());
        assert!(
            bytes.len() > 20_000 && pages >= 2,
            "{name}: PDF of {} bytes, {pages} page objects",
            bytes.len()
        );
    }
}
