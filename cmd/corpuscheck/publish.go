package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// sourcePost is one post the generator publishes, as its source holds it.
type sourcePost struct {
	File  string // relative to the blog
	Body  string // after the front matter
	HTML  bool   // the body is HTML (an export or a feed), not Markdown
	Title string // its title, or "" when it has none (Jekyll takes the file's)
}

// site is what a blog's generator publishes, counted by its own rules.
type site struct {
	BaseURL string
	Posts   []sourcePost
	Rule    string // what was counted, for the report
}

// published counts the posts b's generator publishes at now, by the
// generator's own rules (see the README's "Real blogs").
func published(b blog, now time.Time) (site, error) {
	switch b.Generator {
	case genHugo:
		return hugoSite(b, now)
	case genJekyll:
		return jekyllSite(b, now)
	case genZola:
		return zolaSite(b)
	case genEleventy:
		return eleventySite(b)
	case genWXR:
		return wxrSite(exportFile(b.Path))
	case genFeed:
		return feedSite(exportFile(b.Path))
	}
	return site{}, fmt.Errorf("blog %q: no generator (name one with @generator)", b.Name)
}

func exportFile(path string) string {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		if f := exportIn(path); f != "" {
			return f
		}
	}
	return path
}

// contentExts are the files Hugo, Zola and Eleventy render as pages.
var contentExts = map[string]bool{".md": true, ".markdown": true, ".mdown": true, ".mkd": true, ".mkdn": true, ".html": true, ".htm": true, ".njk": true, ".liquid": true}

func isMarkdownOrHTML(name string) bool { return contentExts[strings.ToLower(filepath.Ext(name))] }

// readPost reads a post's file into its front matter and a sourcePost.
func readPost(root, file string, asWritten bool) (map[string]any, sourcePost, bool, error) {
	data, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		return nil, sourcePost{}, false, err
	}
	fm, body, ok := frontMatter(data, asWritten)
	ext := strings.ToLower(filepath.Ext(file))
	return fm, sourcePost{File: file, Body: body, HTML: ext == ".html" || ext == ".htm", Title: mustString(fm["title"])}, ok, nil
}

// ---- Hugo ----

// hugoConfig is the part of a Hugo site's configuration the count needs.
type hugoConfig struct {
	BaseURL      string
	DefaultLang  string
	Languages    map[string]string // language -> its contentDir ("" for the site's)
	ContentDir   string
	MainSections []string
	BuildFuture  bool
	BuildExpired bool
}

// hugoConfigOf reads hugo.* or config.* at the root, then
// config/_default/*, merging top-level keys (a file named after a key,
// such as languages.toml or params.en.toml, holds that key).
func hugoConfigOf(root string) (hugoConfig, error) {
	merged := map[string]any{}
	params := map[string]any{}
	langs := map[string]map[string]any{}
	read := func(file, key string) error {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		var m map[string]any
		switch filepath.Ext(file) {
		case ".toml":
			m, err = parseTOML(string(data))
		case ".yaml", ".yml":
			m, err = parseYAML(string(data))
		default:
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %q: %w", file, err)
		}
		m = lowerKeys(m)
		base := strings.ToLower(key)
		lang := ""
		if i := strings.IndexByte(base, '.'); i >= 0 {
			base, lang = base[:i], base[i+1:]
		}
		switch base {
		case "", "hugo", "config":
			for k, v := range m {
				merged[k] = v
			}
			if p, ok := m["params"].(map[string]any); ok {
				for k, v := range lowerKeys(p) {
					params[k] = v
				}
			}
			if l, ok := m["languages"].(map[string]any); ok {
				for k, v := range l {
					if lm, ok := v.(map[string]any); ok {
						langs[strings.ToLower(k)] = lowerKeys(lm)
					}
				}
			}
		case "params":
			if lang == "" {
				for k, v := range m {
					params[k] = v
				}
			}
		case "languages":
			if lang != "" {
				langs[lang] = m
			} else {
				for k, v := range m {
					if lm, ok := v.(map[string]any); ok {
						langs[strings.ToLower(k)] = lowerKeys(lm)
					}
				}
			}
		}
		return nil
	}
	for _, n := range []string{"hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"} {
		if _, err := os.Stat(filepath.Join(root, n)); err == nil {
			if err := read(filepath.Join(root, n), ""); err != nil {
				return hugoConfig{}, err
			}
			break
		}
	}
	files, _ := filepath.Glob(filepath.Join(root, "config", "_default", "*"))
	for _, f := range files {
		key := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		if err := read(f, key); err != nil {
			return hugoConfig{}, err
		}
	}
	c := hugoConfig{
		BaseURL:     mustString(merged["baseurl"]),
		DefaultLang: strings.ToLower(mustString(merged["defaultcontentlanguage"])),
		ContentDir:  mustString(merged["contentdir"]),
		Languages:   map[string]string{},
	}
	if c.DefaultLang == "" {
		c.DefaultLang = "en"
	}
	if c.ContentDir == "" {
		c.ContentDir = "content"
	}
	c.BuildFuture, _ = truthy(merged["buildfuture"])
	c.BuildExpired, _ = truthy(merged["buildexpired"])
	for l, m := range langs {
		c.Languages[l] = mustString(m["contentdir"])
		if p, ok := m["params"].(map[string]any); ok && l == c.DefaultLang {
			for k, v := range lowerKeys(p) {
				params[k] = v
			}
		}
	}
	c.MainSections = stringList(params["mainsections"])
	return c, nil
}

// hugoPage is one regular page of a Hugo site.
type hugoPage struct {
	section, lang string
	fm            map[string]any
	post          sourcePost
}

// hugoSite counts the regular pages of the site's main sections in its
// default language that are not drafts, future or expired.
func hugoSite(b blog, now time.Time) (site, error) {
	c, err := hugoConfigOf(b.Path)
	if err != nil {
		return site{}, err
	}
	dirs := map[string]string{c.DefaultLang: c.ContentDir}
	if d := c.Languages[c.DefaultLang]; d != "" {
		dirs = map[string]string{c.DefaultLang: d}
	}
	var pages []hugoPage
	for lang, dir := range dirs {
		root := filepath.Join(b.Path, dir)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !isMarkdownOrHTML(p) {
				return err
			}
			name := d.Name()
			if strings.HasPrefix(name, "_index.") {
				return nil
			}
			dir := filepath.Dir(p)
			if !strings.HasPrefix(name, "index.") && hasLeafIndex(dir) {
				return nil // a resource of a leaf bundle
			}
			pageLang := hugoLangOf(name, c)
			if pageLang == "" {
				pageLang = lang
			}
			rel, _ := filepath.Rel(b.Path, p)
			fm, post, _, err := readPost(b.Path, rel, false)
			if err != nil {
				return err
			}
			if l := strings.ToLower(mustString(fm["lang"])); l != "" {
				pageLang = l
			}
			inContent, _ := filepath.Rel(root, p)
			section := ""
			if parts := strings.Split(filepath.ToSlash(inContent), "/"); len(parts) > 1 {
				section = parts[0]
			}
			pages = append(pages, hugoPage{section: section, lang: pageLang, fm: fm, post: post})
			return nil
		})
		if err != nil {
			return site{}, err
		}
	}
	main := c.MainSections
	rule := "mainSections from config"
	if b.PostsDir != "" {
		main, rule = []string{filepath.Base(b.PostsDir)}, "posts folder given"
	}
	if len(main) == 0 {
		count := map[string]int{}
		for _, p := range pages {
			if p.section != "" && p.lang == c.DefaultLang {
				count[p.section]++
			}
		}
		best := ""
		for s, n := range count {
			if n > count[best] || (n == count[best] && s < best) {
				best = s
			}
		}
		main, rule = []string{best}, "mainSections: the largest section"
	}
	s := site{BaseURL: c.BaseURL}
	skipped := map[string]int{}
	for _, p := range pages {
		if p.lang != c.DefaultLang || !slices.Contains(main, p.section) {
			continue
		}
		if why := hugoLeftOut(p.fm, c, now); why != "" {
			skipped[why]++
			continue
		}
		s.Posts = append(s.Posts, p.post)
	}
	s.Rule = fmt.Sprintf("Hugo: %s %v, language %s%s", rule, main, c.DefaultLang, skippedNote(skipped))
	return s, nil
}

func hasLeafIndex(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "index.*"))
	for _, f := range m {
		if isMarkdownOrHTML(f) {
			return true
		}
	}
	return false
}

// hugoLangOf returns the language a file name such as "post.de.md" gives,
// when it is one of the site's, else "".
func hugoLangOf(name string, c hugoConfig) string {
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	i := strings.LastIndexByte(stem, '.')
	if i < 0 {
		return ""
	}
	l := strings.ToLower(stem[i+1:])
	if _, ok := c.Languages[l]; ok || l == c.DefaultLang {
		return l
	}
	return ""
}

// hugoLeftOut says why Hugo leaves a page out of a default build, or "".
func hugoLeftOut(fm map[string]any, c hugoConfig, now time.Time) string {
	if d, _ := truthy(fm["draft"]); d {
		return "draft"
	}
	if h, _ := truthy(fm["headless"]); h {
		return "headless"
	}
	for _, k := range []string{"build", "_build"} {
		if m, ok := fm[k].(map[string]any); ok {
			if r := lowerKeys(m)["render"]; r == false || r == "never" {
				return "not rendered"
			}
		}
	}
	pub, ok := parseDate(fm["publishdate"])
	if !ok {
		pub, ok = parseDate(fm["date"])
	}
	if ok && pub.After(now) && !c.BuildFuture {
		return "future"
	}
	if exp, ok := parseDate(fm["expirydate"]); ok && exp.Before(now) && !c.BuildExpired {
		return "expired"
	}
	return ""
}

func skippedNote(skipped map[string]int) string {
	if len(skipped) == 0 {
		return ""
	}
	var parts []string
	for why, n := range skipped {
		parts = append(parts, fmt.Sprintf("%d %s", n, why))
	}
	sort.Strings(parts)
	return "; left out: " + strings.Join(parts, ", ")
}

// ---- Jekyll ----

var jekyllPostName = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)\.[^.]+$`)

// jekyllSite counts site.posts: the files of every _posts folder named
// with a valid date, not "published: false" and not in the future (unless
// the config says future: true). The documents of other collections, even
// with output: true (faqs, work), are pages of those collections, not
// posts.
func jekyllSite(b blog, now time.Time) (site, error) {
	cfg := map[string]any{}
	for _, n := range []string{"_config.yml", "_config.yaml"} {
		if data, err := os.ReadFile(filepath.Join(b.Path, n)); err == nil {
			if m, err := parseYAML(string(data)); err == nil {
				cfg = m
			} else {
				return site{}, fmt.Errorf("read %q: %w", filepath.Join(b.Path, n), err)
			}
			break
		}
	}
	src := b.Path
	if s := mustString(cfg["source"]); s != "" {
		src = filepath.Join(b.Path, s)
	}
	if b.PostsDir != "" {
		p := filepath.Join(b.Path, b.PostsDir)
		if filepath.Base(p) == "_posts" {
			p = filepath.Dir(p)
		}
		src = p
	} else if _, err := os.Stat(src); err != nil {
		src = findPostsRoot(b.Path)
	}
	future, _ := truthy(cfg["future"])
	base := strings.TrimRight(mustString(cfg["url"]), "/") + mustString(cfg["baseurl"])
	s := site{BaseURL: base}
	skipped := map[string]int{}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != src && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "_site") {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Base(filepath.Dir(p)) != "_posts" && !strings.Contains(filepath.ToSlash(p), "/_posts/") {
			return nil
		}
		m := jekyllPostName.FindStringSubmatch(d.Name())
		if m == nil {
			skipped["no date in name"]++
			return nil
		}
		date, err := time.Parse("2006-1-2", m[1]+"-"+m[2]+"-"+m[3])
		if err != nil {
			skipped["invalid date in name"]++
			return nil
		}
		rel, _ := filepath.Rel(b.Path, p)
		fm, post, _, err := readPost(b.Path, rel, true)
		if err != nil {
			return err
		}
		if pub, set := truthy(fm["published"]); set && !pub {
			skipped["published: false"]++
			return nil
		}
		if t, ok := parseDate(fm["date"]); ok {
			date = t
		}
		if post.Title == "" {
			post.Title = strings.ReplaceAll(m[4], "-", " ")
		}
		if date.After(now) && !future {
			skipped["future"]++
			return nil
		}
		s.Posts = append(s.Posts, post)
		return nil
	})
	if err != nil {
		return site{}, err
	}
	rel, _ := filepath.Rel(b.Path, src)
	s.Rule = fmt.Sprintf("Jekyll: site.posts, %d in %s/_posts%s", len(s.Posts), rel, skippedNote(skipped))
	return s, nil
}

// findPostsRoot returns the shallowest folder under root holding _posts
// (a site whose configured source is made by a build step), else root.
func findPostsRoot(root string) string {
	best := root
	depth := -1
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if d.Name() == "node_modules" || (p != root && strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.Name() == "_posts" {
			n := strings.Count(p, string(filepath.Separator))
			if depth < 0 || n < depth {
				best, depth = filepath.Dir(p), n
			}
			return filepath.SkipDir
		}
		return nil
	})
	return best
}

// ---- Zola ----

// zolaSite counts the pages (Markdown files other than _index.md) of
// every section below the root, in the default language, that are not
// drafts. Zola makes a page of every Markdown file, a page bundle's other
// ones included (page2.md beside index.md is a page of its own). The
// pages of the root section (content/about.md, content/about/index.md)
// are stand-alone pages, as a Hugo site's top-level pages are, unless the
// home page lists them (content/_index.md sorts them, sort_by other than
// "none", or pages through them, paginate_by) and there are more than
// five: then they are the blog's posts.
func zolaSite(b blog) (site, error) {
	cfg := map[string]any{}
	if data, err := os.ReadFile(filepath.Join(b.Path, "config.toml")); err == nil {
		if cfg, err = parseTOML(string(data)); err != nil {
			return site{}, fmt.Errorf("read %q: %w", filepath.Join(b.Path, "config.toml"), err)
		}
	}
	langs := map[string]bool{}
	if lm, ok := cfg["languages"].(map[string]any); ok {
		for l := range lm {
			langs[l] = true
		}
	}
	root := filepath.Join(b.Path, "content")
	if b.PostsDir != "" {
		root = filepath.Join(b.Path, b.PostsDir)
	}
	s := site{BaseURL: mustString(cfg["base_url"])}
	skipped := map[string]int{}
	var top []sourcePost // the root section's pages
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" || strings.HasPrefix(d.Name(), "_index") {
			return err
		}
		stem := strings.TrimSuffix(d.Name(), ".md")
		if i := strings.LastIndexByte(stem, '.'); i >= 0 && langs[stem[i+1:]] {
			skipped["other language"]++
			return nil
		}
		rel, _ := filepath.Rel(b.Path, p)
		fm, post, _, err := readPost(b.Path, rel, true)
		if err != nil {
			return err
		}
		if dr, _ := truthy(fm["draft"]); dr {
			skipped["draft"]++
			return nil
		}
		if strings.TrimSpace(post.Body) == "" {
			tmpl, _ := fm["template"].(string)
			if tmpl == "" {
				tmpl = zolaPageTemplate(root, p)
			}
			if tmpl != "" && tmpl != "page.html" { // page.html shows a page's text: a post to be written
				skipped["no text, made by its template"]++
				return nil
			}
		}
		if b.PostsDir == "" && inRootSection(root, p) {
			top = append(top, post)
			return nil
		}
		s.Posts = append(s.Posts, post)
		return nil
	})
	if err != nil {
		return site{}, err
	}
	if len(top) > 5 && zolaListsRoot(root) {
		s.Posts = append(s.Posts, top...)
	} else if len(top) > 0 {
		skipped["page of the root section"] += len(top)
	}
	rel, _ := filepath.Rel(b.Path, root)
	s.Rule = "Zola: pages under " + rel + skippedNote(skipped)
	return s, nil
}

// zolaIndex reads the TOML front matter of the _index.md of dir, nil
// when it has none.
func zolaIndex(dir string) map[string]any {
	data, err := os.ReadFile(filepath.Join(dir, "_index.md"))
	if err != nil {
		return nil
	}
	text := strings.TrimPrefix(strings.TrimSpace(string(data)), "+++")
	head, _, ok := strings.Cut(text, "+++")
	if !ok {
		return nil
	}
	fm, err := parseTOML(head)
	if err != nil {
		return nil
	}
	return fm
}

// zolaPageTemplate is the page_template of the nearest section above the
// page file p (a bundle's index.md: above its folder), up to root.
func zolaPageTemplate(root, p string) string {
	dir := filepath.Dir(p)
	if strings.HasPrefix(filepath.Base(p), "index.") {
		dir = filepath.Dir(dir)
	}
	for {
		if t, _ := zolaIndex(dir)["page_template"].(string); t != "" {
			return t
		}
		if dir == root || !strings.HasPrefix(dir, root) {
			return ""
		}
		dir = filepath.Dir(dir)
	}
}

// zolaListsRoot reports whether the home page of the content folder root
// lists its pages: its _index.md sorts them or pages through them.
func zolaListsRoot(root string) bool {
	fm := zolaIndex(root)
	if fm == nil {
		return false
	}
	if by, _ := fm["sort_by"].(string); by != "" && by != "none" {
		return true
	}
	switch n := fm["paginate_by"].(type) {
	case int64:
		return n > 0
	case float64:
		return n > 0
	}
	return false
}

// inRootSection reports whether the page file p belongs to the root
// section of the content folder root: it sits in root, or is the index.md
// of a page bundle there (root/about/index.md, root/about/photo-notes.md).
func inRootSection(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	switch len(parts) {
	case 1:
		return true
	case 2:
		_, err := os.Stat(filepath.Join(root, parts[0], "_index.md"))
		return errors.Is(err, fs.ErrNotExist) && hasLeafIndex(filepath.Join(root, parts[0]))
	}
	return false
}

// ---- Eleventy ----

var eleventyInput = regexp.MustCompile(`input\s*:\s*["']([^"']+)["']`)

// eleventySite counts the templates the posts collection holds: tagged
// "post" or "posts" (whichever more files use) by their front matter or a
// directory data file (dir/dir.json, dir/dir.11tydata.json), not
// "permalink: false", "eleventyExcludeFromCollections" or "draft: true".
func eleventySite(b blog) (site, error) {
	input := b.Path
	for _, n := range []string{".eleventy.js", ".eleventy.cjs", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"} {
		if data, err := os.ReadFile(filepath.Join(b.Path, n)); err == nil {
			if m := eleventyInput.FindSubmatch(data); m != nil {
				input = filepath.Join(b.Path, string(m[1]))
			}
			break
		}
	}
	root := input
	if b.PostsDir != "" {
		root = filepath.Join(b.Path, b.PostsDir)
	}
	type tagged struct {
		fm   map[string]any
		post sourcePost
		tags []string
	}
	var files []tagged
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !isMarkdownOrHTML(p) {
			return nil
		}
		rel, _ := filepath.Rel(b.Path, p)
		fm, post, _, err := readPost(b.Path, rel, false)
		if err != nil {
			return err
		}
		tags := append(dirDataTags(input, filepath.Dir(p)), stringList(fm["tags"])...)
		files = append(files, tagged{fm, post, tags})
		return nil
	})
	if err != nil {
		return site{}, err
	}
	uses := map[string]int{}
	for _, f := range files {
		for _, t := range f.tags {
			uses[t]++
		}
	}
	tag := "post"
	if uses["posts"] > uses["post"] {
		tag = "posts"
	}
	s := site{}
	skipped := map[string]int{}
	for _, f := range files {
		if !slices.Contains(f.tags, tag) {
			continue
		}
		if f.fm["permalink"] == false {
			skipped["permalink: false"]++
			continue
		}
		if ex, _ := truthy(f.fm["eleventyexcludefromcollections"]); ex {
			skipped["excluded from collections"]++
			continue
		}
		if dr, _ := truthy(f.fm["draft"]); dr {
			skipped["draft"]++
			continue
		}
		s.Posts = append(s.Posts, f.post)
	}
	s.BaseURL = eleventyURL(input)
	rel, _ := filepath.Rel(b.Path, root)
	s.Rule = fmt.Sprintf("Eleventy: tagged %q under %s%s", tag, rel, skippedNote(skipped))
	return s, nil
}

// dirDataTags returns the tags the directory data files give a template in
// dir and the folders above it, up to input.
func dirDataTags(input, dir string) []string {
	var tags []string
	for d := dir; ; d = filepath.Dir(d) {
		for _, n := range []string{filepath.Base(d) + ".json", filepath.Base(d) + ".11tydata.json"} {
			if data, err := os.ReadFile(filepath.Join(d, n)); err == nil {
				if m, err := parseYAML(string(data)); err == nil { // JSON is YAML
					tags = append(tags, stringList(m["tags"])...)
				}
			}
		}
		if rel, err := filepath.Rel(input, d); err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			return tags
		}
	}
}

// eleventyURL reads the site's address from a global data file
// (_data/site.json or metadata.json: "url" or "baseURL").
func eleventyURL(input string) string {
	for _, n := range []string{"site.json", "metadata.json", "site.yaml", "site.yml"} {
		data, err := os.ReadFile(filepath.Join(input, "_data", n))
		if err != nil {
			continue
		}
		m, err := parseYAML(string(data))
		if err != nil {
			continue
		}
		m = lowerKeys(m)
		for _, k := range []string{"url", "baseurl", "siteurl"} {
			if u := mustString(m[k]); strings.HasPrefix(u, "http") {
				return u
			}
		}
	}
	return ""
}

// ---- WordPress exports ----

// wxrSite counts the items of a WordPress export whose post_type is post
// and status publish, reading elements by their local names. A post with
// a password is not published openly: the blog shows it only to readers
// given the password.
func wxrSite(file string) (site, error) {
	f, err := os.Open(file)
	if err != nil {
		return site{}, err
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	s := site{}
	var path []xml.Name
	var text strings.Builder
	item := map[string]string{}
	counts := map[string]int{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return site{}, fmt.Errorf("read WordPress export %q: %w", file, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name)
			text.Reset()
			if t.Name.Local == "item" {
				item = map[string]string{}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			name := t.Name
			path = path[:len(path)-1]
			parent := ""
			if len(path) > 0 {
				parent = path[len(path)-1].Local
			}
			switch {
			case name.Local == "item":
				counts[item["post_type"]+"/"+item["status"]]++
				if item["post_type"] == "post" && item["status"] == "publish" && item["post_password"] != "" {
					counts["password-protected"]++
				}
				if item["post_type"] == "post" && item["status"] == "publish" && item["post_password"] == "" {
					s.Posts = append(s.Posts, sourcePost{File: filepath.Base(file) + "#" + item["post_id"], Body: item["content"], HTML: true, Title: item["title"]})
				}
			case parent == "item" && name.Local == "encoded" && !strings.Contains(name.Space, "excerpt"):
				item["content"] = text.String()
			case parent == "item":
				item[name.Local] = strings.TrimSpace(text.String())
			case parent == "channel" && (name.Local == "base_blog_url" || (name.Local == "link" && s.BaseURL == "")):
				s.BaseURL = strings.TrimSpace(text.String())
			}
		}
	}
	s.Rule = fmt.Sprintf("WXR: post_type post, status publish, no post_password (of %d items; %d password-protected)", sumValues(counts)-counts["password-protected"], counts["password-protected"])
	return s, nil
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// ---- Feeds ----

// feedSite counts the entries of an RSS, Atom or JSON feed.
func feedSite(file string) (site, error) {
	f, err := os.Open(file)
	if err != nil {
		return site{}, err
	}
	defer f.Close()
	feed, err := gofeed.NewParser().Parse(f)
	if err != nil {
		return site{}, fmt.Errorf("read feed %q: %w", file, err)
	}
	s := site{BaseURL: feed.Link, Rule: "feed: every entry"}
	for i, it := range feed.Items {
		body := it.Content
		if body == "" {
			body = it.Description
		}
		s.Posts = append(s.Posts, sourcePost{File: fmt.Sprintf("%s#%d", filepath.Base(file), i+1), Body: body, HTML: true, Title: it.Title})
	}
	return s, nil
}
