package markdown

import (
	"encoding/json"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// This file reads an Eleventy site as Eleventy lays it out: its folders
// (dir.input, dir.data), its ignores, and the data cascade its templates
// see, which the config, being code, is read for but never run.

var (
	// eleventyDataDir is dir.data in an Eleventy config, written out;
	// like dir.includes, it is below the input folder.
	eleventyDataDir = regexp.MustCompile("\\bdata\\s*:\\s*[\"'`]([^\"'`\\n]+)[\"'`]")
	// eleventyIncludesDir is dir.includes or dir.layouts: templates, not pages.
	eleventyIncludesDir = regexp.MustCompile("\\b(?:includes|layouts)\\s*:\\s*[\"'`]([^\"'`\\n]+)[\"'`]")
	// eleventyOutputDir is dir.output: the site Eleventy wrote.
	eleventyOutputDir = regexp.MustCompile("\\boutput\\s*:\\s*[\"'`]([^\"'`\\n]+)[\"'`]")
	// eleventyEngine is markdownTemplateEngine or htmlTemplateEngine, or
	// its setter (setMarkdownTemplateEngine("njk")).
	eleventyEngine = regexp.MustCompile("(?i)\\b(?:set)?(markdown|html)TemplateEngine\\s*(?::|\\()\\s*[\"'`](\\w+)[\"'`]")
)

// eleventyLayout is where an Eleventy site keeps what: its input folder
// and global data folders, below the site's folder ("." for the site's
// own), and the folders and globs that hold no pages.
type eleventyLayout struct {
	input string
	data  []string
	skip  map[string]bool // folders below the site's folder
	globs []string        // .eleventyignore's globs, below the site's folder
	// engines are the template languages Eleventy runs Markdown and
	// HTML pages through, by extension (".md": "njk"); Liquid when unset.
	engines map[string]string
}

// readEleventyLayout reads the folders an Eleventy site's config writes
// out (dir.input, dir.data, dir.includes, dir.layouts, dir.output) and
// its .eleventyignore. A folder the config names that the site does not
// have is some plugin's setting, and is not taken.
func readEleventyLayout(fsys fs.FS, dir string) eleventyLayout {
	config := eleventyConfig(fsys, dir)
	l := eleventyLayout{input: ".", skip: map[string]bool{"_site": true, "node_modules": true}, engines: map[string]string{}}
	for _, m := range eleventyEngine.FindAllSubmatch(config, -1) {
		ext := ".md"
		if strings.EqualFold(string(m[1]), "html") {
			ext = ".html"
		}
		l.engines[ext] = strings.ToLower(string(m[2]))
	}
	folder := func(rel string) string {
		rel = path.Clean(strings.TrimPrefix(strings.TrimSpace(rel), "./"))
		if rel == "." || strings.HasPrefix(rel, "..") || strings.HasPrefix(rel, "/") || !dataDirExists(fsys, path.Join(dir, rel)) {
			return ""
		}
		return rel
	}
	if m := eleventyInputDir.FindSubmatch(config); m != nil {
		if in := folder(string(m[1])); in != "" {
			l.input = in
		}
	}
	dataName := "_data"
	if m := eleventyDataDir.FindSubmatch(config); m != nil && folder(path.Join(l.input, string(m[1]))) != "" {
		dataName = string(m[1])
	}
	// The data folder the config names, then _data at the root or one
	// folder down, as sites lay it out when the input folder is not
	// written out.
	candidates := []string{path.Join(l.input, dataName), "_data"}
	entries, _ := fs.ReadDir(fsys, dir)
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "node_modules" {
			candidates = append(candidates, path.Join(e.Name(), "_data"))
		}
	}
	seen := map[string]bool{}
	for _, c := range candidates {
		if f := folder(c); f != "" && !seen[f] {
			seen[f] = true
			l.data = append(l.data, f)
		}
	}
	for _, f := range l.data {
		l.skip[f] = true
	}
	l.skip[path.Join(l.input, "_includes")] = true
	for _, m := range eleventyIncludesDir.FindAllSubmatch(config, -1) {
		if f := folder(path.Join(l.input, string(m[1]))); f != "" && f != l.input {
			l.skip[f] = true
		}
	}
	if m := eleventyOutputDir.FindSubmatch(config); m != nil {
		if f := folder(string(m[1])); f != "" {
			l.skip[f] = true
		}
	}
	if data, err := fs.ReadFile(fsys, path.Join(dir, ".eleventyignore")); err == nil && len(data) <= MaxSiteConfigBytes {
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "!") {
				continue
			}
			rel := strings.Trim(path.Clean("/"+strings.TrimPrefix(line, "./")), "/")
			switch {
			case rel == "":
			case strings.ContainsAny(rel, "*?[{"):
				l.globs = append(l.globs, rel)
			default:
				l.skip[rel] = true
			}
		}
	}
	return l
}

// ignored reports whether the site's .eleventyignore or its layout keeps
// Eleventy from reading rel, a path below the site's folder.
func (l eleventyLayout) ignored(rel string) bool {
	if l.skip[rel] {
		return true
	}
	for _, g := range l.globs {
		if globMatch(g, rel) || globMatch(g+"/**", rel) {
			return true
		}
	}
	return false
}

// dependsOnEleventy reports whether the package.json in dir names
// Eleventy among its dependencies: a site Eleventy builds, with or
// without a config file.
func dependsOnEleventy(fsys fs.FS, dir string) bool {
	data, err := fs.ReadFile(fsys, path.Join(dir, "package.json"))
	if err != nil || len(data) > MaxSiteConfigBytes {
		return false
	}
	var pkg struct {
		Dependencies    map[string]any `json:"dependencies"`
		DevDependencies map[string]any `json:"devDependencies"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return false
	}
	_, dep := pkg.Dependencies["@11ty/eleventy"]
	_, dev := pkg.DevDependencies["@11ty/eleventy"]
	return dep || dev
}

// maxDataFiles bounds the global data files read: a site's settings and
// the lists its posts show, not a database.
const maxDataFiles = 1000

// eleventyGlobal is an Eleventy site's global data: _data/NAME.json as
// NAME, _data/a/b.json as a.b; code names the data computed by
// JavaScript files, which are not run.
type eleventyGlobal struct {
	data map[string]any
	code map[string]string
	// files are the files of data's names, below the site's folder.
	files map[string]string
}

// readEleventyGlobal reads the global data files of folders (below dir),
// the first folder's winning. A file that cannot be read is left out
// with a warning naming it: the posts that use it lose those values.
func readEleventyGlobal(fsys fs.FS, dir, display string, folders []string, rep *book.Report) eleventyGlobal {
	g := eleventyGlobal{data: map[string]any{}, code: map[string]string{}, files: map[string]string{}}
	count := 0
	var walk func(folder string, into map[string]any, depth int)
	walk = func(folder string, into map[string]any, depth int) {
		entries, _ := fs.ReadDir(fsys, folder)
		for _, e := range entries {
			name := e.Name()
			file := path.Join(folder, name)
			ext := strings.ToLower(path.Ext(name))
			key := strings.TrimSuffix(name, path.Ext(name))
			switch {
			case strings.HasPrefix(name, "."):
			case e.IsDir():
				if depth < 4 {
					sub, _ := into[name].(map[string]any)
					if sub == nil {
						sub = map[string]any{}
					}
					walk(file, sub, depth+1)
					if _, taken := into[name]; !taken && len(sub) > 0 {
						into[name] = sub
					}
				}
			case ext == ".js" || ext == ".cjs" || ext == ".mjs" || ext == ".ts":
				if depth == 0 {
					if _, ok := g.code[key]; !ok {
						g.code[key] = relName(dir, file)
					}
				}
			case ext == ".json" || ext == ".yaml" || ext == ".yml":
				if _, taken := into[key]; taken || !e.Type().IsRegular() {
					continue
				}
				if count++; count > maxDataFiles {
					if count == maxDataFiles+1 {
						rep.Note("%s: more than %d data files, the rest not read", displayName(display, dir, folder), maxDataFiles)
					}
					return
				}
				if v, ok := readDataFile(fsys, file, displayName(display, dir, file), rep); ok {
					into[key] = v
					if depth == 0 {
						g.files[key] = relName(dir, file)
					}
				}
			}
		}
	}
	for _, f := range folders {
		walk(path.Join(dir, f), g.data, 0)
	}
	return g
}

// readDataFile reads one data file of an Eleventy site: any JSON or YAML
// value, an object most often. ok is false, with a warning naming the
// file and line, for one that does not parse.
func readDataFile(fsys fs.FS, name, display string, rep *book.Report) (any, bool) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		rep.Warn(display, 0, "data file not read: %v", unwrapPathError(err))
		return nil, false
	}
	if len(data) > MaxSiteConfigBytes {
		rep.Note("%s: data file over %d bytes, not read", display, MaxSiteConfigBytes)
		return nil, false
	}
	ext := strings.ToLower(path.Ext(name))
	if ext == ".json" {
		// A list or a string is data too, but decodeConfig wants an
		// object: read the others here.
		var v any
		if err := json.Unmarshal(newlines(data), &v); err != nil {
			rep.Warn(display, jsonLine(data, err), "data file not read: %v", err)
			return nil, false
		}
		if m, ok := v.(map[string]any); ok {
			return m, true
		}
		return v, true
	}
	m, _, err := decodeConfig(data, ext)
	if err != nil {
		rep.Warn(display, errorLine(err), "data file not read: %v", err)
		return nil, false
	}
	return map[string]any(m), true
}

// jsonLine is the line of a JSON syntax error, 0 when err has none.
func jsonLine(data []byte, err error) int {
	var off int64
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	default:
		return 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + strings.Count(string(data[:off]), "\n")
}

// eleventySettings reads the book's settings from an Eleventy site's
// global data: site.json, else metadata.json, as the starters name them.
// title is the title; author (a name or {name: …}) the author. name is
// the site's when the data gives an author beside it, else, as on many a
// personal site, its author's name; a site that gives no title is then
// called by its address (zachleat.com).
func eleventySettings(g eleventyGlobal) book.Site {
	var s book.Site
	for _, key := range []string{"site", "metadata"} {
		m, ok := g.data[key].(map[string]any)
		if !ok {
			continue
		}
		cfg := configMap(m)
		title, author, name := cfg.str("title"), first(cfg.str("author"), cfg.str("authors")), cfg.str("name")
		switch {
		case title == "" && author != "":
			title = name
		case author == "":
			author = name
		}
		base := first(cfg.str("url"), cfg.str("baseURL"), cfg.str("baseUrl"), cfg.str("base_url"))
		if title == "" {
			title = siteHost(base)
		}
		s.Fill(book.Site{
			Title:   title,
			Author:  author,
			Lang:    first(cfg.str("language"), cfg.str("lang"), cfg.str("locale")),
			BaseURL: base,
			From:    g.files[key],
		})
	}
	// A data file of the author's own (_data/author.json) names them.
	if m, ok := g.data["author"].(map[string]any); ok && s.Author == "" {
		s.Author = configMap(m).str("name")
	}
	s.Lang = strings.ReplaceAll(s.Lang, "_", "-")
	return s
}

// siteHost is the host of a site's address without "www.": what a site
// without a title calls itself.
func siteHost(base string) string {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// eleventyCascade gives each page of an Eleventy site the data its
// templates see below its front matter: its own data file, its folders',
// the site's global data.
type eleventyCascade struct {
	fsys         fs.FS
	dir, display string
	input        string
	global       eleventyGlobal
	engines      map[string]string
	folders      map[string]map[string]any // folder -> its data file's, or nil
	rep          *book.Report
	globalLayer  []map[string]any
}

func newEleventyCascade(fsys fs.FS, dir, display string, l eleventyLayout, g eleventyGlobal, rep *book.Report) *eleventyCascade {
	return &eleventyCascade{fsys: fsys, dir: dir, display: display, input: l.input, global: g, engines: l.engines,
		folders: map[string]map[string]any{}, rep: rep, globalLayer: []map[string]any{g.data}}
}

// folderData is the data a folder's data file gives every page below it:
// folder/NAME.11tydata.json over folder/NAME.json (NAME the folder's
// name). JavaScript data files are code, and not run.
func (c *eleventyCascade) folderData(folder string) map[string]any {
	if m, ok := c.folders[folder]; ok {
		return m
	}
	name := path.Base(folder)
	if folder == c.dir || name == "." || name == "/" {
		c.folders[folder] = nil
		return nil
	}
	m := c.dataFiles(folder, name)
	c.folders[folder] = m
	return m
}

// dataFiles reads folder/stem.json and, over it, folder/stem.11tydata.json.
func (c *eleventyCascade) dataFiles(folder, stem string) map[string]any {
	var out map[string]any
	for _, file := range []string{stem + ".json", stem + ".11tydata.json"} {
		name := path.Join(folder, file)
		if info, err := fs.Stat(c.fsys, name); err != nil || info.IsDir() {
			continue
		}
		v, ok := readDataFile(c.fsys, name, displayName(c.display, c.dir, name), c.rep)
		m, isMap := v.(map[string]any)
		if !ok || !isMap {
			continue
		}
		if out == nil {
			out = map[string]any{}
		}
		mergeConfig(out, m)
	}
	return out
}

// page is what Eleventy hands the templates of the page in file name:
// its own data file and its folders' data, nearest first, then the
// global data; and its page variable.
func (c *eleventyCascade) page(name string) *eleventyPage {
	folder, base := path.Dir(name), path.Base(name)
	stem := strings.TrimSuffix(base, path.Ext(base))
	var layers []map[string]any
	if m := c.dataFiles(folder, stem); m != nil {
		layers = append(layers, m)
	}
	for f := folder; ; f = path.Dir(f) {
		if m := c.folderData(f); m != nil {
			layers = append(layers, m)
		}
		if f == c.dir || f == "." || f == "/" || f == "" {
			break
		}
	}
	layers = append(layers, c.globalLayer...)
	rel := relName(c.dir, name)
	if c.input != "." {
		rel = strings.TrimPrefix(rel, c.input+"/")
	}
	slug, stemPath := fileSlug(rel)
	engine := strings.ToLower(path.Ext(name))
	if e, ok := c.engines[engine]; ok {
		engine = e
	}
	return &eleventyPage{
		fileSlug: slug,
		language: templateLanguages[strings.TrimPrefix(engine, ".")],
		cascade: &dialect.Cascade{
			Page:   map[string]any{"fileSlug": slug, "filePathStem": stemPath, "inputPath": "./" + relName(c.dir, name)},
			Layers: layers,
			Code:   c.global.code,
		},
	}
}

// eleventyPage is an Eleventy page's data below its front matter, and
// its page.fileSlug.
type eleventyPage struct {
	cascade  *dialect.Cascade
	fileSlug string
	// language is the template language of the page's tags, by its
	// extension and the site's markdownTemplateEngine: "Nunjucks", or
	// empty for Liquid.
	language string
}

// templateLanguages name Eleventy's template languages other than
// Liquid, which the messages name by default.
var templateLanguages = map[string]string{"njk": "Nunjucks", "hbs": "Handlebars", "mustache": "Mustache", "ejs": "EJS", "haml": "Haml", "pug": "Pug"}

// fileDate is a date Eleventy strips from a file's or folder's name when
// it makes its slug: YYYY-MM-DD- anywhere in it.
var fileDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}-(.*)`)

// fileSlug is Eleventy's page.fileSlug and page.filePathStem for a page
// at rel below the input folder: the file's name without its extension
// and without a date before it (2020-01-01-title.md is "title"); an index
// page takes its folder's name (posts/first/2020-01-01-index.md is
// "first"), the input folder's own index none.
func fileSlug(rel string) (slug, stem string) {
	dirs := strings.Split(path.Dir(rel), "/")
	if dirs[0] == "." {
		dirs = nil
	}
	base := path.Base(rel)
	raw := strings.TrimSuffix(base, path.Ext(base))
	if m := fileDate.FindStringSubmatch(raw); m != nil {
		raw = m[1]
	}
	stem = "/" + path.Join(append(append([]string{}, dirs...), raw)...)
	if raw != "index" {
		return raw, stem
	}
	if len(dirs) == 0 {
		return "", stem
	}
	last := dirs[len(dirs)-1]
	if m := fileDate.FindStringSubmatch(last); m != nil {
		last = m[1]
	}
	return last, stem
}

// eleventyFrontMatter applies an Eleventy page's cascade to its post:
// the slug Eleventy gives it, the permalink its data writes (expanded
// as Eleventy does: "blog/{{ page.fileSlug }}/"), which is also its
// page.url, and its page.date. hidden says why the page is in no
// collection, if it is not.
func eleventyFrontMatter(p *book.Post, fm frontMatter, e *eleventyPage, opts dialect.Options) (hidden string) {
	if p.Slug == "" {
		p.Slug = e.fileSlug
	}
	// Eleventy merges the tags of a page's data files into its own.
	for _, l := range e.cascade.Layers[:len(e.cascade.Layers)-1] {
		for _, t := range frontMatter(l).list(false, "tags") {
			if !containsFold(p.Tags, t) {
				p.Tags = append(p.Tags, t)
			}
		}
	}
	var permalink any
	if v, ok := fm.lookup("permalink"); ok {
		permalink = v
	} else {
		for _, l := range e.cascade.Layers[:len(e.cascade.Layers)-1] { // the global data sets no page's permalink
			if v, ok := frontMatter(l).lookup("permalink"); ok {
				permalink = v
				break
			}
		}
	}
	switch v := permalink.(type) {
	case bool:
		if !v {
			return "a page the site never writes (permalink: false)"
		}
	case string:
		p.Permalinks = removeString(p.Permalinks, v)
		if s, ok := dialect.Expand(v, opts); ok && strings.TrimSpace(s) != "" {
			u := "/" + strings.TrimPrefix(strings.TrimSpace(s), "/")
			p.Permalinks = append([]string{u}, p.Permalinks...)
			e.cascade.Page["url"] = strings.TrimSuffix(u, "index.html") // as Eleventy's page.url
		}
	}
	if p.Dated() {
		e.cascade.Page["date"] = p.Date
	} else if m := jekyllName.FindStringSubmatch(path.Base(p.Source)); m != nil {
		e.cascade.Page["date"] = m[1] // the name's, as finish will date the post
	}
	if excluded(fm, e.cascade.Layers) {
		return "a page Eleventy keeps out of its collections (eleventyExcludeFromCollections)"
	}
	return ""
}

// excluded reports whether a page's data keeps it out of Eleventy's
// collections.
func excluded(fm frontMatter, layers []map[string]any) bool {
	for _, m := range append([]map[string]any{fm}, layers...) {
		if v, ok := frontMatter(m).lookup("eleventyExcludeFromCollections"); ok {
			b, _ := v.(bool)
			return b
		}
	}
	return false
}

func removeString(list []string, s string) []string {
	out := list[:0:0]
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}

// eleventyFileDates are the words Eleventy reads in a date: field as the
// file's own dates.
var eleventyFileDates = map[string]bool{"last modified": true, "created": true, "git last modified": true, "git created": true}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
