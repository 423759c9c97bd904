package markdown

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// A site's formulas are delimited where its own templates say: the
// shortcodes of a Zola site that only wrap their body in delimiters
// ({% m() %}…{% end %} drawing "$…$"), and the single dollar its pages'
// KaTeX or MathJax settings make a delimiter (renderMathInElement's
// delimiters, MathJax's inlineMath), which the browser reads in the page.

// mathWrapper is a shortcode template that is only its body between the
// delimiters of a formula.
var mathWrapper = regexp.MustCompile(`^(\$\$|\$|\\\[|\\\()\s*\{\{-?\s*body(?:\s*\|\s*[a-z_]+)*\s*-?\}\}\s*(\$\$|\$|\\\]|\\\))$`)

// zolaMathShortcodes returns a meaning for each of the site's shortcodes
// that wraps its body as a formula: inline for $…$ and \(…\), on its own
// line for $$…$$ and \[…\].
func zolaMathShortcodes(fsys fs.FS, dir string) map[string]dialect.Rule {
	rules := map[string]dialect.Rule{}
	for _, folder := range templateDirs(fsys, dir, "templates/shortcodes") {
		entries, _ := fs.ReadDir(fsys, folder)
		for _, e := range entries {
			name, ok := strings.CutSuffix(e.Name(), ".html")
			if !ok || !e.Type().IsRegular() {
				continue
			}
			if _, seen := rules[name]; seen {
				continue
			}
			data, err := fs.ReadFile(fsys, path.Join(folder, e.Name()))
			if err != nil || len(data) > 4096 {
				continue
			}
			m := mathWrapper.FindStringSubmatch(strings.TrimSpace(teraComment.ReplaceAllString(string(data), "")))
			if m == nil {
				continue
			}
			r := dialect.Rule{As: "math"}
			if m[1] == "$$" || m[1] == `\[` {
				r.Label = dialect.DisplayMath
			}
			rules[name] = r
		}
	}
	return rules
}

var teraComment = regexp.MustCompile(`(?s)\{#.*?#\}`)

// templateDirs returns sub under the site's folder and under each of its
// themes' folders, the site's first.
func templateDirs(fsys fs.FS, dir, sub string) []string {
	dirs := []string{path.Join(dir, sub)}
	themes, _ := fs.ReadDir(fsys, path.Join(dir, "themes"))
	for _, t := range themes {
		if t.IsDir() {
			dirs = append(dirs, path.Join(dir, "themes", t.Name(), sub))
		}
	}
	return dirs
}

// scriptDollar finds the single dollar made a delimiter of inline
// formulas: KaTeX's auto-render ({left: "$", right: "$", display: false})
// or MathJax's inlineMath ([['$','$']]).
var scriptDollar = regexp.MustCompile(`(?s)left:\s*["']\$["']\s*,\s*right:\s*["']\$["']|inlineMath['"]?\s*:\s*\[\s*\[\s*["']\$["']\s*,\s*["']\$["']\s*\]`)

// maxTemplateScan is the most bytes of templates read for their
// settings: a site's layouts, not its assets.
const maxTemplateScan = 8 << 20

// pageDollar reports whether the templates of a site (its layouts and its
// themes', in the folders its generator reads them from) set the single
// dollar as a delimiter of formulas in the page.
func pageDollar(fsys fs.FS, dir string, folders []string) bool {
	read := 0
	found := false
	for _, f := range folders {
		for _, d := range templateDirs(fsys, dir, f) {
			_ = fs.WalkDir(fsys, d, func(p string, e fs.DirEntry, err error) error {
				if err != nil || found || read > maxTemplateScan {
					return fs.SkipDir
				}
				if e.IsDir() {
					if name := e.Name(); name == "node_modules" || strings.HasPrefix(name, ".") && p != d {
						return fs.SkipDir
					}
					return nil
				}
				switch path.Ext(p) {
				case ".html", ".htm", ".liquid", ".njk", ".js", ".tera":
				default:
					return nil
				}
				data, err := fs.ReadFile(fsys, p)
				if err != nil {
					return nil
				}
				read += len(data)
				found = scriptDollar.Match(data)
				return nil
			})
		}
	}
	return found
}

// templateFolders are where each generator reads the templates a page is
// drawn with, and the scripts it copies beside them.
var templateFolders = map[siteKind][]string{
	hugoSite:     {"layouts", "assets", "static"},
	zolaSite:     {"templates", "static"},
	jekyllSite:   {"_includes", "_layouts", "assets"},
	eleventySite: {"_includes", "src/_includes", "_layouts", "src/_layouts"},
}

// siteMath returns the delimiters of formulas a site keeps from Markdown:
// those its config names (Hugo's passthrough, Zola's math), else a single
// dollar when its pages' scripts make it one; and whether its Markdown
// reads $$…$$ before the script does (escaped): all but kramdown's and a
// config's own.
func siteMath(fsys fs.FS, dir string, site siteKind, configured []dialect.Delimiters) (delims []dialect.Delimiters, escaped bool) {
	if len(configured) > 0 {
		return configured, false
	}
	if site == eleventySite && eleventyMath(fsys, dir) {
		// markdown-it's math plugins take $…$ and $$…$$ before Markdown
		// reads the text, with pulldown-cmark's rule for a single $
		return []dialect.Delimiters{{Open: "$$", Close: "$$"}, {Open: "$", Close: "$", Inline: true}}, false
	}
	// kramdown keeps $$…$$ as written, and a folder of Markdown is read
	// by no generator: the others' Markdown reads a formula first.
	escaped = site == hugoSite || site == zolaSite || site == eleventySite
	if folders := templateFolders[site]; len(folders) > 0 && pageDollar(fsys, dir, folders) {
		return []dialect.Delimiters{{Open: "$", Close: "$", Inline: true, Escaped: true, Loose: true}}, escaped
	}
	return nil, escaped
}

// markdownItMath names markdown-it's math plugins, which an Eleventy
// site's config loads.
var markdownItMath = regexp.MustCompile(`markdown-it-(?:katex|texmath|mathjax3?|math)\b`)

// eleventyMath reports whether an Eleventy site's config loads a math
// plugin for its Markdown.
func eleventyMath(fsys fs.FS, dir string) bool {
	for _, name := range []string{".eleventy.js", ".eleventy.cjs", ".eleventy.mjs", "eleventy.config.js", "eleventy.config.cjs", "eleventy.config.mjs"} {
		if data, err := fs.ReadFile(fsys, path.Join(dir, name)); err == nil && markdownItMath.Match(data) {
			return true
		}
	}
	return false
}

// withRules returns site's rules with the book's over them.
func withRules(site, book map[string]dialect.Rule) map[string]dialect.Rule {
	if len(site) == 0 {
		return book
	}
	out := make(map[string]dialect.Rule, len(site)+len(book))
	for k, v := range site {
		out[k] = v
	}
	for k, v := range book {
		out[k] = v
	}
	return out
}
