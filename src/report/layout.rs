//! Fitting terminal text to a width: word-wrapped prose and tables whose
//! columns are dropped or stacked, by a priority each table states, until
//! every column is at least as wide as its longest word. Text is only ever
//! broken at spaces, so no number, id or word is split across lines; a single
//! word wider than the whole width overflows rather than breaks.

use comfy_table::{
    Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use unicode_width::UnicodeWidthStr;

use super::RenderOptions;

/// Width when neither the terminal nor `COLUMNS` gives one.
pub const DEFAULT_WIDTH: u16 = 100;

/// Display width of `s` in terminal columns.
pub fn width_of(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The width to render at.
pub fn target_width(opts: &RenderOptions) -> usize {
    usize::from(opts.width.filter(|w| *w > 0).unwrap_or(DEFAULT_WIDTH))
}

/// Word-wraps `text` to `width` columns: the first line starts with `first`,
/// the others with `rest` (a hanging indent). Explicit newlines are kept.
/// Ends with a newline.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split('\n') {
        let lead = if out.is_empty() { first } else { rest };
        let lines = fill(
            paragraph,
            width.saturating_sub(width_of(lead)).max(1),
            width.saturating_sub(width_of(rest)).max(1),
        );
        for (i, line) in lines.iter().enumerate() {
            out.push_str(if i == 0 { lead } else { rest });
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Greedy word wrap of one paragraph into lines of at most `width` columns
/// (a longer word gets a line of its own).
pub fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    fill(text, width, width)
}

/// Greedy word wrap: the first line at most `first` columns, the others `rest`.
fn fill(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let w = width_of(word);
        let limit = if lines.is_empty() { first } else { rest };
        if len > 0 && len + 1 + w > limit {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The widest word of a cell (what its column cannot be narrower than).
fn longest_word(text: &str) -> usize {
    text.split([' ', '\n']).map(width_of).max().unwrap_or(0)
}

/// The widest line of a cell unwrapped.
fn longest_line(text: &str) -> usize {
    text.split('\n').map(width_of).max().unwrap_or(0)
}

/// What happens to a column when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// Always shown.
    Keep,
    /// Hidden; the table says so below it.
    Drop,
    /// Its text goes on new lines in the cell of the column with this index.
    StackUnder(usize),
}

/// One column of a [`Grid`].
#[derive(Debug, Clone)]
pub struct Col {
    pub name: &'static str,
    pub right: bool,
    /// Lower gives way first when the table does not fit.
    pub priority: u8,
    pub fallback: Fallback,
}

impl Col {
    /// A left-aligned column that is always shown.
    pub fn keep(name: &'static str) -> Col {
        Col {
            name,
            right: false,
            priority: u8::MAX,
            fallback: Fallback::Keep,
        }
    }
    /// A column hidden when space runs out (lowest `priority` first).
    pub fn drop(name: &'static str, priority: u8) -> Col {
        Col {
            fallback: Fallback::Drop,
            priority,
            ..Col::keep(name)
        }
    }
    /// A column stacked under column `host` when space runs out.
    pub fn stack(name: &'static str, priority: u8, host: usize) -> Col {
        Col {
            fallback: Fallback::StackUnder(host),
            priority,
            ..Col::keep(name)
        }
    }
    /// Right-aligned (numbers).
    pub fn right(mut self) -> Col {
        self.right = true;
        self
    }
}

/// A table laid out to a width before it is drawn.
#[derive(Debug, Clone)]
pub struct Grid {
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<String>>,
    /// Draw a header row.
    pub header: bool,
}

impl Grid {
    pub fn new(cols: Vec<Col>) -> Grid {
        Grid {
            cols,
            rows: Vec::new(),
            header: true,
        }
    }

    /// A table without a header row (key/value facts).
    pub fn headless(cols: Vec<Col>) -> Grid {
        Grid {
            header: false,
            ..Grid::new(cols)
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.cols.len());
        self.rows.push(cells);
    }

    /// Renders the table at the width of `opts`, ending with a newline; when
    /// columns had to be hidden, a line below says which.
    pub fn render(&self, opts: &RenderOptions) -> String {
        let width = target_width(opts);
        let n = self.cols.len();
        // Where each column's text ends up: itself, another column, or nowhere.
        let mut home: Vec<Option<usize>> = (0..n).map(Some).collect();
        let mut order: Vec<usize> = (0..n)
            .filter(|&i| self.cols[i].fallback != Fallback::Keep)
            .collect();
        order.sort_by_key(|&i| (self.cols[i].priority, std::cmp::Reverse(i)));
        let mut order = order.into_iter();
        let mut dropped = Vec::new();
        let laid = loop {
            let laid = self.merge(&home);
            if laid.min_width() <= width {
                break laid;
            }
            let Some(i) = order.next() else { break laid };
            match self.cols[i].fallback {
                Fallback::StackUnder(h) if home[h].is_some() => home[i] = Some(h),
                _ => {
                    // Dropped, with whatever was stacked under it.
                    let mut gone = vec![i];
                    while let Some(g) = gone.pop() {
                        home[g] = None;
                        dropped.push(self.cols[g].name);
                        gone.extend((0..n).filter(|&j| j != g && home[j] == Some(g)));
                    }
                }
            }
        };
        if laid.min_width() > width {
            return self.records(width);
        }
        let mut out = laid.draw(width, opts);
        if !dropped.is_empty() {
            out.push_str(&wrap(
                &format!(
                    "(not shown at {width} columns: {}; set COLUMNS wider or use --format json)",
                    dropped.join(", ")
                ),
                width,
                "  ",
                "  ",
            ));
        }
        out
    }

    /// The last resort when even the stacked table is wider than `width`
    /// (words longer than a column can be): one block per row, one
    /// `Column: value` line per column, every column kept.
    fn records(&self, width: usize) -> String {
        let mut out = String::new();
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for (c, (col, cell)) in self.cols.iter().zip(row).enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let text = cell.replace('\n', " · ");
                let (first, rest) = if c == 0 { ("", "  ") } else { ("  ", "    ") };
                let text = if self.header && c > 0 {
                    format!("{}: {text}", col.name)
                } else {
                    text
                };
                out.push_str(&wrap(&text, width, first, rest));
            }
        }
        out
    }

    /// The visible columns with the stacked ones folded into their hosts:
    /// each column stacked under a shown one gets a line of its own; one
    /// stacked under a stacked column joins its line after a ` · `.
    fn merge(&self, home: &[Option<usize>]) -> Laid {
        let n = self.cols.len();
        let shown = |i: usize| home[i] == Some(i);
        let children = |i: usize| (0..n).filter(move |&j| j != i && home[j] == Some(i));
        fn content(
            i: usize,
            depth: usize,
            text: &dyn Fn(usize) -> String,
            children: &dyn Fn(usize) -> Vec<usize>,
        ) -> String {
            let mut parts = vec![text(i)];
            parts.extend(
                children(i)
                    .into_iter()
                    .map(|j| content(j, depth + 1, text, children)),
            );
            parts.retain(|p| !p.is_empty());
            parts.join(if depth == 0 { "\n" } else { " · " })
        }
        let kids = |i: usize| children(i).collect::<Vec<_>>();
        let visible: Vec<usize> = (0..n).filter(|&i| shown(i)).collect();
        let header = visible
            .iter()
            .map(|&h| content(h, 0, &|j| self.cols[j].name.to_owned(), &kids))
            .collect();
        let rows = self
            .rows
            .iter()
            .map(|row| {
                visible
                    .iter()
                    .map(|&h| content(h, 0, &|j| row[j].clone(), &kids))
                    .collect()
            })
            .collect();
        Laid {
            right: visible.iter().map(|&i| self.cols[i].right).collect(),
            header: self.header.then_some(header),
            rows,
        }
    }
}

/// Visible columns, ready to be sized and drawn.
struct Laid {
    right: Vec<bool>,
    header: Option<Vec<String>>,
    rows: Vec<Vec<String>>,
}

impl Laid {
    fn cells(&self, col: usize) -> impl Iterator<Item = &String> {
        self.header
            .iter()
            .chain(&self.rows)
            .map(move |row| &row[col])
    }

    /// Border and padding columns: `│ a ┆ b │`.
    fn overhead(&self) -> usize {
        3 * self.right.len() + 1
    }

    fn min_width(&self) -> usize {
        self.overhead()
            + (0..self.right.len())
                .map(|c| self.cells(c).map(|s| longest_word(s)).max().unwrap_or(0))
                .sum::<usize>()
    }

    /// Content widths: every column its longest word; then, while room is
    /// left, whole columns their longest line, narrowest need first; what is
    /// left is shared out to the columns that still wrap.
    fn widths(&self, width: usize) -> Vec<usize> {
        let n = self.right.len();
        let min: Vec<usize> = (0..n)
            .map(|c| {
                self.cells(c)
                    .map(|s| longest_word(s))
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let natural: Vec<usize> = (0..n)
            .map(|c| {
                self.cells(c)
                    .map(|s| longest_line(s))
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let mut w = min.clone();
        let mut room = width.saturating_sub(self.min_width());
        let mut by_need: Vec<usize> = (0..n).collect();
        by_need.sort_by_key(|&c| (natural[c] - min[c], c));
        for &c in &by_need {
            let need = natural[c] - w[c];
            if need <= room {
                w[c] = natural[c];
                room -= need;
            }
        }
        while room > 0 {
            let Some(c) = (0..n)
                .filter(|&c| w[c] < natural[c])
                .max_by_key(|&c| (natural[c] - w[c], std::cmp::Reverse(c)))
            else {
                break;
            };
            w[c] += 1;
            room -= 1;
        }
        w
    }

    fn draw(&self, width: usize, opts: &RenderOptions) -> String {
        let widths = self.widths(width);
        let wrap_cell = |text: &str, w: usize| -> String {
            text.split('\n')
                .flat_map(|line| wrap_lines(line, w))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        if opts.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        let cells = |row: &[String]| -> Vec<Cell> {
            row.iter()
                .enumerate()
                .map(|(c, s)| {
                    let cell = Cell::new(wrap_cell(s, widths[c]));
                    if self.right[c] {
                        cell.set_alignment(CellAlignment::Right)
                    } else {
                        cell
                    }
                })
                .collect()
        };
        if let Some(h) = &self.header {
            let header: Vec<Cell> = cells(h)
                .into_iter()
                .map(|c| {
                    if opts.color {
                        c.add_attribute(comfy_table::Attribute::Bold)
                    } else {
                        c
                    }
                })
                .collect();
            t.set_header(header);
        }
        for row in &self.rows {
            t.add_row(cells(row));
        }
        for (c, column) in t.column_iter_mut().enumerate() {
            // The width includes the padding of one space on each side.
            let fixed = u16::try_from(widths[c] + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(fixed)));
        }
        let mut out = t.to_string();
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(width: u16) -> RenderOptions {
        RenderOptions {
            width: Some(width),
            ..RenderOptions::default()
        }
    }

    #[test]
    fn wrap_breaks_only_at_spaces_with_a_hanging_indent() {
        let text = "the bulk (56%) goes to the cheapest model at least 0.60 in quality";
        let out = wrap(text, 30, "  - ", "    ");
        assert_eq!(
            out,
            "  - the bulk (56%) goes to the\n    cheapest model at least\n    0.60 in quality\n"
        );
        assert_eq!(
            wrap("a-very-long-identifier", 5, "", ""),
            "a-very-long-identifier\n"
        );
    }

    fn grid() -> Grid {
        let mut g = Grid::new(vec![
            Col::keep("Model"),
            Col::stack("Tier", 2, 0),
            Col::drop("Pareto", 1),
            Col::keep("$/month").right(),
            Col::keep("Why"),
        ]);
        g.row(vec![
            "DeepSeek V3.2\ndeepseek-v3.2".into(),
            "strong".into(),
            "yes".into(),
            "$116.48".into(),
            "the bulk goes to the cheapest model at least 0.60 in quality".into(),
        ]);
        g
    }

    #[test]
    fn a_wide_table_keeps_every_column_on_one_line() {
        let out = grid().render(&opts(200));
        assert!(out.contains("Pareto") && out.contains("Tier"));
        assert!(out.contains("the bulk goes to the cheapest model at least 0.60 in quality"));
    }

    #[test]
    fn a_narrow_table_drops_then_stacks_and_says_so() {
        let out = grid().render(&opts(40));
        for line in out.lines() {
            assert!(width_of(line) <= 40, "{line:?} is wider than 40");
        }
        assert!(!out.contains("yes"), "Pareto is dropped first:\n{out}");
        assert!(out.contains("not shown at 40 columns: Pareto"), "{out}");
        assert!(
            out.contains("strong"),
            "Tier is stacked, not dropped:\n{out}"
        );
        for word in ["$116.48", "deepseek-v3.2", "0.60"] {
            assert!(out.contains(word), "{word} split:\n{out}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const NAMES: [&str; 7] = ["Aa", "Bb", "Cc", "Dd", "Ee", "Ff", "Gg"];

        fn word() -> impl Strategy<Value = String> {
            "[a-z0-9$.,%-]{1,14}"
        }

        fn cell() -> impl Strategy<Value = String> {
            prop::collection::vec(word(), 0..12).prop_map(|w| w.join(" "))
        }

        fn grid() -> impl Strategy<Value = Grid> {
            (1usize..=7).prop_flat_map(|n| {
                let cols = prop::collection::vec((0u8..4, 0u8..10, any::<bool>()), n);
                let rows = prop::collection::vec(prop::collection::vec(cell(), n), 1..6);
                (cols, rows).prop_map(move |(cols, rows)| {
                    let cols = cols
                        .into_iter()
                        .enumerate()
                        .map(|(i, (kind, priority, right))| {
                            let c = match kind {
                                0 => Col::keep(NAMES[i]),
                                1 => Col::drop(NAMES[i], priority),
                                _ if i > 0 => {
                                    Col::stack(NAMES[i], priority, (priority as usize) % i)
                                }
                                _ => Col::keep(NAMES[i]),
                            };
                            if right { c.right() } else { c }
                        })
                        .collect();
                    let mut g = Grid::new(cols);
                    for r in rows {
                        g.row(r);
                    }
                    g
                })
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            /// At any width from 60 on, no line is wider than the width and
            /// every word printed is a word of the input, whole.
            #[test]
            fn fits_and_never_splits(g in grid(), width in 60u16..140) {
                let opts = RenderOptions { width: Some(width), ..RenderOptions::default() };
                let out = g.render(&opts);
                let mut words: std::collections::BTreeSet<String> = g
                    .rows
                    .iter()
                    .flatten()
                    .flat_map(|c| c.split(' ').map(str::to_owned))
                    .collect();
                for n in NAMES {
                    words.insert(n.to_owned());
                    words.insert(format!("{n}:"));
                }
                words.insert("·".to_owned());
                let mut in_note = false;
                for line in out.lines() {
                    prop_assert!(width_of(line) <= usize::from(width), "{line:?} wider than {width}:\n{out}");
                    in_note |= line.starts_with("  (not shown at ");
                    if in_note {
                        in_note = !line.ends_with(')');
                        continue;
                    }
                    for w in line.split(|c: char| c.is_whitespace() || "│┆┌┐└┘─┬┴╞╪╡═".contains(c)) {
                        prop_assert!(w.is_empty() || words.contains(w), "`{w}` is not an input word:\n{out}");
                    }
                }
            }
        }
    }
}
