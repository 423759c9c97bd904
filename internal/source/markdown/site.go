package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// siteKind is the static site generator a folder is the source of, if any.
type siteKind int

const (
	plainFolder siteKind = iota
	hugoSite
	jekyllSite
	zolaSite
	eleventySite
)

// hasContent reports whether the site keeps its posts in a content
// folder, as Hugo and Zola do.
func (k siteKind) hasContent() bool { return k == hugoSite || k == zolaSite }

var (
	hugoConfigs     = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"}
	zolaConfigs     = []string{"zola.toml", "config.toml"}
	eleventyConfigs = []string{".eleventy.js", ".eleventy.cjs", "eleventy.config.js", "eleventy.config.cjs", "eleventy.config.mjs", "eleventy.config.ts"}
)

// isZolaConfig reports whether the config.toml of a site with a content
// folder is Zola's: Zola names the site's address base_url, Hugo baseURL.
func isZolaConfig(fsys fs.FS, name string) bool {
	data, err := fs.ReadFile(fsys, name)
	if err != nil || len(data) > MaxSiteConfigBytes {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, _, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "base_url" {
			return true
		}
	}
	return false
}

// detectSite tells a Hugo site (a content folder and a config file or
// folder), an Eleventy site (its config file, or a package.json that
// depends on Eleventy, and no _config.yml unless the package.json says
// Eleventy builds it) and a Jekyll site (_config.yml, or a _posts folder
// beside no content folder) from a plain folder of posts. A folder holding both
// _posts and content is a collection of posts from both generators: every
// Markdown file in it is a post.
func detectSite(fsys fs.FS, dir string) siteKind {
	exists := func(name string, wantDir bool) bool {
		info, err := fs.Stat(fsys, path.Join(dir, name))
		return err == nil && info.IsDir() == wantDir
	}
	// A content folder that is a link out of the site is still the site's
	// content: reading it is refused, rather than reading the site's other
	// Markdown files as posts.
	_, err := fs.Stat(fsys, path.Join(dir, "content"))
	outside := errors.Is(err, confine.ErrOutside) || errors.Is(err, confine.ErrAbsoluteLink)
	if exists("content", true) || outside {
		if exists("zola.toml", false) || exists("config.toml", false) && isZolaConfig(fsys, path.Join(dir, "config.toml")) {
			return zolaSite
		}
		if exists("config/_default", true) {
			return hugoSite
		}
		for _, c := range hugoConfigs {
			if exists(c, false) {
				return hugoSite
			}
		}
	}
	jekyllConfig := exists("_config.yml", false) || exists("_config.yaml", false) || exists("_config.toml", false)
	eleventyConfig := false
	for _, c := range eleventyConfigs {
		eleventyConfig = eleventyConfig || exists(c, false)
	}
	// An Eleventy blog may keep its posts in _posts, as Jekyll does:
	// its config, or its package.json, says which generator builds it.
	if !jekyllConfig && (eleventyConfig || dependsOnEleventy(fsys, dir)) ||
		jekyllConfig && eleventyConfig && dependsOnEleventy(fsys, dir) {
		return eleventySite
	}
	if jekyllConfig || (exists("_posts", true) && !exists("content", true)) {
		return jekyllSite
	}
	return plainFolder
}

// jekyllSkip are the folders of a Jekyll site that hold no posts.
var jekyllSkip = map[string]bool{
	"_site": true, "_layouts": true, "_includes": true, "_sass": true, "_data": true,
	"_plugins": true, "vendor": true, ".jekyll-cache": true,
}

// underPosts reports whether a file of a Jekyll site is a post: posts live
// in _posts folders, everything else is a page.
func underPosts(rel string) bool {
	for _, seg := range strings.Split(path.Dir(rel), "/") {
		if seg == "_posts" {
			return true
		}
	}
	return false
}

// folderCategories are the categories Jekyll gives a post from the folders
// above its _posts folder: a/b/_posts/x.md is in a and b.
func folderCategories(rel string) []string {
	segs := strings.Split(path.Dir(rel), "/")
	for i, seg := range segs {
		if seg == "_posts" {
			var cats []string
			for _, c := range segs[:i] {
				if c != "." && c != "" {
					cats = append(cats, c)
				}
			}
			return cats
		}
	}
	return nil
}

// mergeCategories puts the folder's categories first and drops repeats.
func mergeCategories(folder, front []string) []string {
	if len(folder) == 0 {
		return front
	}
	var out []string
	for _, c := range append(folder, front...) {
		dup := false
		for _, o := range out {
			if strings.EqualFold(o, c) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// hugoAssets is a Hugo or Zola site seen as the web saw it: a
// site-relative image such as /images/x.png is found in the static
// folder, and so is an image beside a page bundle that the bundle does
// not hold: content/2017/trip/map.svg is served at /2017/trip/map.svg,
// which static/2017/trip/map.svg also serves.
type hugoAssets struct{ fs.FS }

func (h hugoAssets) Open(name string) (fs.File, error) {
	f, err := h.FS.Open(name)
	if err != nil && errors.Is(err, fs.ErrNotExist) {
		served := path.Join("static", name)
		if rest, ok := strings.CutPrefix(name, "content/"); ok {
			served = ""
			if h.bundle(path.Dir(name)) {
				served = path.Join("static", rest)
			}
		}
		if served != "" {
			g, err2 := h.FS.Open(served)
			if err2 == nil || !errors.Is(err2, fs.ErrNotExist) {
				return g, err2 // found, or refused (a static folder linked out of the site)
			}
		}
	}
	return f, err
}

// bundle reports whether dir is a page bundle's folder, whose files are
// served at the page's address.
func (h hugoAssets) bundle(dir string) bool {
	entries, _ := fs.ReadDir(h.FS, dir)
	for _, e := range entries {
		if e.Type().IsRegular() && isBundleIndex(e.Name()) {
			return true
		}
	}
	return false
}

// seriesTerms returns the terms of the site's own taxonomy key, unless
// they are numbers: a taxonomy whose terms are numbers
// (computer-of-the-future = ["2"]) numbers the parts of a series, and the
// series, named by the taxonomy, is the theme, not its part 2. A number
// among terms in words names nothing.
func seriesTerms(key string, terms []string) []string {
	var out []string
	for _, t := range terms {
		if !partNumber.MatchString(strings.TrimSpace(t)) {
			out = append(out, t)
		}
	}
	if len(out) == 0 && len(terms) > 0 {
		out = []string{strings.Join(strings.FieldsFunc(key, func(r rune) bool { return r == '-' || r == '_' }), " ")}
	}
	return out
}

var partNumber = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?$`)

// isDate reports whether a front matter value is a date rather than a flag.
func isDate(v any) bool {
	switch v := v.(type) {
	case time.Time:
		return true
	case string:
		_, err := ParseDate(v)
		return err == nil
	}
	return false
}

// tagWarnings gathers what the rewriting of template tags removed, so that
// a blog with a hundred {% include %} gets one warning, counted, naming the
// post where it first shows.
type tagWarnings struct {
	byKey map[string]*tagWarning
	order []string
}

type tagWarning struct {
	source   string
	line     int
	msg      string
	count    int
	posts    int
	lastPost *book.Post
}

func newTagWarnings() *tagWarnings { return &tagWarnings{byKey: map[string]*tagWarning{}} }

func (tw *tagWarnings) add(p *book.Post, pr dialect.Problem, rep *book.Report) {
	line := p.BodyLine + pr.Line - 1
	if pr.Key == "" {
		rep.Warn(p.Source, line, "%s", pr.Msg)
		return
	}
	w, ok := tw.byKey[pr.Key]
	if !ok {
		w = &tagWarning{source: p.Source, line: line, msg: pr.Msg}
		tw.byKey[pr.Key] = w
		tw.order = append(tw.order, pr.Key)
	}
	w.count++
	if w.lastPost != p {
		w.posts++
		w.lastPost = p
	}
}

func (tw *tagWarnings) flush(rep *book.Report) {
	for _, k := range tw.order {
		w := tw.byKey[k]
		msg := w.msg
		switch {
		case w.count > 1 && w.posts > 1:
			msg += fmt.Sprintf(" (%d times in %d posts, first here)", w.count, w.posts)
		case w.count > 1:
			msg += fmt.Sprintf(" (%d times in this post, first here)", w.count)
		}
		rep.Warn(w.source, w.line, "%s", msg)
	}
	tw.byKey, tw.order = map[string]*tagWarning{}, nil
}

// contentPage is a page of a Hugo or Zola site's content folder; rel is
// its path below that folder.
type contentPage struct {
	post *book.Post
	rel  string
}

// section is the section a page of the content folder belongs to: its
// first folder. A page at the top (about.md) or a bundle there
// (about/index.md) belongs to none.
func (c contentPage) section() string {
	segs := strings.Split(c.rel, "/")
	if len(segs) == 1 || len(segs) == 2 && strings.HasPrefix(strings.ToLower(segs[1]), "index.") {
		return ""
	}
	return segs[0]
}

// publishedPosts keeps the pages of a content folder that the site
// publishes as posts. In a Hugo site those are the pages of its main
// sections, as Hugo's mainSections lists them: the sections the config
// names, else the section with the most pages. In a Zola site, which has
// no main sections, they are the pages of every section below the root,
// and those at the top when rootListed (zolaListsRoot) and more than a
// handful. The pages at
// the top of the folder (about, search) and, in Hugo, the pages of other
// sections, dated or not (docs, projects), are stand-alone pages, not
// posts. A site whose pages all sit at the top keeps them all.
func publishedPosts(pages []contentPage, site siteKind, main []string, rootListed bool, rep *book.Report) []*book.Post {
	count := map[string]int{}
	for _, c := range pages {
		if s := c.section(); s != "" {
			count[s]++
		}
	}
	if len(count) == 0 {
		posts := make([]*book.Post, len(pages))
		for i, c := range pages {
			posts[i] = c.post
		}
		return posts
	}
	isMain := map[string]bool{}
	for _, s := range main {
		isMain[strings.ToLower(s)] = true
	}
	switch {
	case site == zolaSite:
		for s := range count {
			isMain[strings.ToLower(s)] = true
		}
	case len(isMain) == 0:
		best := ""
		for s, n := range count {
			if n > count[best] || n == count[best] && s < best {
				best = s
			}
		}
		isMain[strings.ToLower(best)] = true
	}
	top := 0
	for _, c := range pages {
		if c.section() == "" {
			top++
		}
	}
	// An about and a contact page on a listed home page are no blog.
	rootListed = rootListed && top > maxStandalonePages
	var posts []*book.Post
	for _, c := range pages {
		s := c.section()
		switch {
		case s == "" && rootListed:
			posts = append(posts, c.post)
		case s == "":
			rep.Note("%s: a page at the top of the content folder, not a post", book.FileName(c.post.Source))
		case isMain[strings.ToLower(s)]:
			posts = append(posts, c.post)
		default:
			rep.Note("%s: a page outside the site's main sections, not a post", book.FileName(c.post.Source))
		}
	}
	return posts
}

// hugoTemplates reads a Hugo site's shortcode templates: its own
// (layouts/_shortcodes/, layouts/shortcodes/), then its themes', the
// site's winning as in Hugo. Only NAME.html is read, not the variants of
// an output format or a language (NAME.amp.html).
func hugoTemplates(fsys fs.FS, dir, display string, cfg map[string]any) *dialect.Templates {
	layouts := []string{path.Join(dir, "layouts")}
	var themes []string
	switch t := cfg["theme"].(type) {
	case string:
		themes = []string{t}
	case []any:
		for _, v := range t {
			if s, ok := v.(string); ok {
				themes = append(themes, s)
			}
		}
	}
	for _, t := range themes {
		if t != "" && fs.ValidPath(t) && !strings.Contains(t, "..") {
			layouts = append(layouts, path.Join(dir, "themes", t, "layouts"))
		}
	}
	var folders []string
	for _, l := range layouts {
		folders = append(folders, path.Join(l, "_shortcodes"), path.Join(l, "shortcodes"))
	}
	files := readTemplates(fsys, dir, display, folders, ".html")
	if len(files) == 0 {
		return nil
	}
	return dialect.NewTemplates(files)
}

// readTemplates reads the shortcode templates of folders, by name: the
// files NAME.EXT for the first of exts a file ends with (not the
// variants NAME.amp.html), the first folder holding a name winning.
func readTemplates(fsys fs.FS, dir, display string, folders []string, exts ...string) map[string]dialect.Template {
	files := map[string]dialect.Template{}
	for _, folder := range folders {
		entries, _ := fs.ReadDir(fsys, folder)
		for _, e := range entries {
			var name string
			ok := false
			for _, ext := range exts {
				if name, ok = strings.CutSuffix(e.Name(), ext); ok {
					break
				}
			}
			if !ok || strings.Contains(name, ".") || !e.Type().IsRegular() {
				continue
			}
			if _, seen := files[name]; seen {
				continue
			}
			data, err := fs.ReadFile(fsys, path.Join(folder, e.Name()))
			if err != nil || len(data) > maxTemplateBytes {
				continue
			}
			files[name] = dialect.Template{File: book.FileName(displayName(display, dir, path.Join(folder, e.Name()))), Source: string(data)}
		}
	}
	return files
}

// zolaTemplates reads a Zola site's shortcode templates, NAME.html and
// NAME.md in templates/shortcodes/: its own, then its themes', the site's
// winning as in Zola.
func zolaTemplates(fsys fs.FS, dir, display string) *dialect.TeraTemplates {
	files := readTemplates(fsys, dir, display, templateDirs(fsys, dir, "templates/shortcodes"), ".html", ".md")
	if len(files) == 0 {
		return nil
	}
	return dialect.NewTeraTemplates(files)
}

// maxTemplateBytes is the largest shortcode template read: they are a
// few lines.
const maxTemplateBytes = 64 << 10

// maxStandalonePages is the most pages at the top of a Zola site's
// content folder that are still its stand-alone pages (about, contact,
// search) when its home page lists them.
const maxStandalonePages = 5

// rootIndex is the front matter of a content folder's _index.md, the
// page of the site's home, or nil.
func rootIndex(fsys fs.FS, root string) frontMatter {
	data, err := fs.ReadFile(fsys, path.Join(root, "_index.md"))
	if err != nil {
		return nil
	}
	fm, _, _, _, _, _, err := splitFrontMatter(data)
	if err != nil {
		return nil // the page itself is not a post: nothing to report
	}
	return fm
}

// zolaListsRoot reports whether a Zola site's content folder is a list
// of posts itself, by its _index.md (index): it sorts its pages (sort_by
// other than "none") or pages through them (paginate_by), as a blog whose
// posts all sit at the top does. Without that, its pages are stand-alone
// pages.
func zolaListsRoot(index frontMatter) bool {
	if by := strings.ToLower(index.str("sort_by")); by != "" && by != "none" {
		return true
	}
	switch n := index["paginate_by"].(type) {
	case int64:
		return n > 0
	case int:
		return n > 0
	case float64:
		return n > 0
	}
	return false
}

// zolaSection is what a Zola page takes from the sections above it.
type zolaSection struct {
	// sortBy is how the section that lists the page sorts its pages.
	sortBy string
	// pageTemplate is the page_template of the nearest section above the
	// page that sets one: the template that makes the page.
	pageTemplate string
}

// zolaSections returns, by file, how the Zola section that lists it sorts
// its pages: the sort_by of the _index.md of the page's folder (of a
// bundle's parent folder), or of the first section above it that is not
// transparent, as a transparent section's pages are listed by its parent.
// A page of a folder without an _index.md belongs to no section: none.
// It also returns the page_template the page inherits, as Zola does.
func zolaSections(fsys fs.FS, root string, files []string) map[string]zolaSection {
	indexes := map[string]frontMatter{} // folder -> its _index.md's, nil when none
	index := func(dir string) frontMatter {
		if fm, ok := indexes[dir]; ok {
			return fm
		}
		var fm frontMatter
		if data, err := fs.ReadFile(fsys, path.Join(dir, "_index.md")); err == nil {
			if fm, _, _, _, _, _, err = splitFrontMatter(data); err != nil || fm == nil {
				fm = frontMatter{} // a section whose settings cannot be read sorts nothing
			}
		}
		indexes[dir] = fm
		return fm
	}
	out := map[string]zolaSection{}
	for _, name := range files {
		dir := path.Dir(name)
		if strings.HasPrefix(path.Base(name), "index.") { // a bundle: its folder is the page
			dir = path.Dir(dir)
		}
		var sec zolaSection
		for d := dir; sec.pageTemplate == "" && (d == root || strings.HasPrefix(d, root+"/")); d = path.Dir(d) {
			sec.pageTemplate = strings.TrimSpace(index(d).str("page_template"))
		}
		fm := index(dir)
		for fm != nil && dir != root && strings.HasPrefix(dir, root+"/") {
			if v, _, _ := fm.boolean("transparent"); !v {
				break
			}
			dir = path.Dir(dir)
			fm = index(dir)
		}
		if fm != nil {
			sec.sortBy = strings.ToLower(strings.TrimSpace(fm.str("sort_by")))
		}
		out[name] = sec
	}
	return out
}

// templateOnly says why a Zola page is no post: it has no text of its
// own, and a template makes it (its own template, or its section's
// page_template): a list of posts, a JSON file, a redirect, slides.
func templateOnly(fm frontMatter, pageTemplate string, body []byte) string {
	if len(bytes.TrimSpace(body)) > 0 {
		return ""
	}
	tmpl := strings.TrimSpace(fm.str("template"))
	if tmpl == "" {
		tmpl = pageTemplate
	}
	if tmpl == "" || tmpl == "page.html" {
		// page.html is Zola's template of every page: one that shows the
		// page's text, a post still to be written among them.
		return ""
	}
	return fmt.Sprintf("a page with no text that its template (%s) makes", tmpl)
}

// unsortable says why a Zola section leaves a page out of its list of
// pages: it sorts them by a field the page lacks, and Zola lists only the
// pages it can sort (it still writes the page, for links to it). A page's
// date is its front matter's, else the one its file or folder name opens
// with. name is the page's file.
func unsortable(fm frontMatter, sortBy, name string) string {
	dated := func() bool {
		if s, ok := fm["date"].(string); ok {
			return strings.TrimSpace(s) != ""
		}
		if fm["date"] != nil {
			return true
		}
		stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
		if stem == "index" {
			stem = path.Base(path.Dir(name))
		}
		return zolaName.MatchString(stem)
	}
	switch sortBy {
	case "date":
		if !dated() {
			return "a page without a date in a section sorted by date, which Zola leaves out of its list"
		}
	case "update_date":
		if !dated() && fm["updated"] == nil {
			return "a page without a date in a section sorted by date, which Zola leaves out of its list"
		}
	case "weight":
		if fm["weight"] == nil {
			return "a page without a weight in a section sorted by weight, which Zola leaves out of its list"
		}
	case "title", "title_bytes":
		if strings.TrimSpace(fm.str("title")) == "" {
			return "a page without a title in a section sorted by title, which Zola leaves out of its list"
		}
	}
	return ""
}

// unrendered says why a page's front matter keeps the generator from
// publishing it as a page of its own: Hugo's headless bundles and its
// build options (_build or build: render: never, or false).
func unrendered(fm frontMatter) string {
	if v, _, _ := fm.boolean("headless"); v {
		return "a headless bundle"
	}
	if v, ok := fm["permalink"].(bool); ok && !v {
		return "a page the site never writes (permalink: false)"
	}
	for _, key := range []string{"_build", "build"} {
		opts, ok := fm[key].(map[string]any)
		if !ok {
			continue
		}
		switch v := opts["render"].(type) {
		case bool:
			if !v {
				return "a page the site never renders (" + key + ": render: false)"
			}
		case string:
			if v == "never" || v == "false" {
				return "a page the site never renders (" + key + ": render: " + v + ")"
			}
		}
	}
	return ""
}

// fileLang is the language of a page of a multilingual site from its
// name: "post.fr.md" is in fr when the site has fr; any other is in the
// language of its folder, dirLang (a language's own content folder, else
// the site's default language).
func (sc *siteConfig) fileLang(base, dirLang string) string {
	stem := strings.TrimSuffix(base, path.Ext(base))
	if i := strings.LastIndexByte(stem, '.'); i >= 0 {
		suffix := stem[i+1:]
		for _, l := range sc.langs {
			if strings.EqualFold(l, suffix) {
				return l
			}
		}
	}
	return dirLang
}

// eleventyCollections are the collection names an Eleventy blog keeps its
// posts in; they are how a theme lists posts, not topics.
var eleventyCollections = map[string]bool{"post": true, "posts": true, "blog": true}

// eleventyPosts keeps the pages of an Eleventy site that are in its posts
// collection. That is the collection the site's code makes by a glob
// written out (addCollection("articles", c =>
// c.getFilteredByGlob("src/articles/**/*.md"))), with the pages tagged
// "post", "posts" or "blog", when the globs hold more pages than those
// tags; else the pages so tagged by their front matter or by the
// directory data file of a folder above them (posts/posts.json,
// posts/posts.11tydata.json), as Eleventy gathers its collections. Those
// tags are dropped from the posts' tags. A site with neither keeps the
// pages in a folder of one of those names (src/posts/…), else every
// Markdown page. A choice that leaves out most of the site's Markdown
// pages is said in one warning, with the count; -v names each page.
func eleventyPosts(fsys fs.FS, dir, display string, pages []contentPage, rep *book.Report) []*book.Post {
	config := eleventyConfig(fsys, dir)
	// Eleventy reads its input folder only: a copy of an older site kept
	// beside it is not published.
	if m := eleventyInputDir.FindSubmatch(config); m != nil {
		if input := path.Clean(strings.TrimPrefix(string(m[1]), "./")); input != "." && !strings.HasPrefix(input, "..") {
			kept := pages[:0:0]
			for _, c := range pages {
				if strings.HasPrefix(c.rel, input+"/") {
					kept = append(kept, c)
				} else {
					rep.Note("%s: outside the Eleventy site's input folder %s, not a post", book.FileName(c.post.Source), input)
				}
			}
			if len(kept) > 0 { // else the literal was some plugin's
				pages = kept
			}
		}
	}
	dirTags := map[string][]string{} // folder -> the tags its data file gives
	tagsOf := func(folder string) []string {
		var tags []string
		for f := folder; ; f = path.Dir(f) {
			t, ok := dirTags[f]
			if !ok {
				t = eleventyDirTags(fsys, path.Join(dir, f))
				dirTags[f] = t
			}
			tags = append(tags, t...)
			if f == "." || f == "/" || f == "" {
				return tags
			}
		}
	}
	tagged := make([]bool, len(pages))
	globbed := make([]bool, len(pages))
	nTagged, nGlobbed := 0, 0
	for i, c := range pages {
		for _, t := range append(tagsOf(path.Dir(c.rel)), c.post.Tags...) {
			if eleventyCollections[strings.ToLower(t)] && !tagged[i] {
				tagged[i] = true
				nTagged++
			}
		}
	}
	// A collection made in the site's code by a glob written out
	// (getFilteredByGlob("src/posts/*.md")) holds the pages the glob
	// matches.
	globs := eleventyCodeGlobs(fsys, dir)
	for i, c := range pages {
		for _, glob := range globs {
			if globMatch(glob, c.rel) {
				globbed[i] = true
				nGlobbed++
				break
			}
		}
	}
	inCollection := tagged
	found, how := nTagged > 0, "the pages tagged post, posts or blog"
	if nGlobbed > nTagged {
		// The site's own collections, which hold more than a tag does:
		// the tagged pages, listed too, with them.
		for i := range pages {
			globbed[i] = globbed[i] || tagged[i]
		}
		inCollection, found, how = globbed, true, "the collections its code makes by glob ("+strings.Join(globs, ", ")+")"
	}
	if !found {
		// One made otherwise in code (a layout filter) or by a data file
		// in JavaScript cannot be read here: the posts are then those in
		// a folder named as the collections are, when there are any, not
		// the site's other pages.
		for i, c := range pages {
			for _, f := range strings.Split(path.Dir(c.rel), "/") {
				if eleventyCollections[strings.ToLower(f)] {
					inCollection[i], found = true, true
				}
			}
		}
		how = "the pages in a folder named post, posts or blog"
	}
	var posts []*book.Post
	markdown, left := 0, 0
	for i, c := range pages {
		if !found {
			// Every Markdown page, that is: the site's HTML pages are
			// its archive, its search, its 404.
			if isHTMLName(c.rel) {
				rep.Note("%s: an HTML page of the Eleventy site, which has no posts collection the book can read, not a post", book.FileName(c.post.Source))
				continue
			}
			posts = append(posts, c.post)
			continue
		}
		if !isHTMLName(c.rel) {
			markdown++
		}
		if !inCollection[i] {
			if !isHTMLName(c.rel) {
				left++
			}
			rep.Note("%s: a page of the Eleventy site, not in its posts collection, not a post", book.FileName(c.post.Source))
			continue
		}
		tags := c.post.Tags[:0:0]
		for _, t := range c.post.Tags {
			if !eleventyCollections[strings.ToLower(t)] {
				tags = append(tags, t)
			}
		}
		c.post.Tags = tags
		posts = append(posts, c.post)
	}
	if found && 2*left > markdown {
		rep.Warn(display, 0, "the Eleventy site's posts are taken to be %s: %d of its %d Markdown pages are in none and left out (-v names them)", how, left, markdown)
	}
	return posts
}

// maxCodeFiles bounds the JavaScript files of an Eleventy site read for
// the globs of its collections.
const maxCodeFiles = 500

// eleventyCodeGlobs are the globs of the collections an Eleventy site's
// code makes, below the site's folder: getFilteredByGlob's strings in
// its config and in the JavaScript files beside it (a collection kept in
// a module of its own), never run. A glob built from a variable
// (`src/${type}/**/*.md`) is read with each string its file writes out
// in the variable's place ('{articles,notes}'), as the code most often
// gives the variable one of them.
func eleventyCodeGlobs(fsys fs.FS, dir string) []string {
	var globs []string
	seen := map[string]bool{}
	read := func(code []byte) {
		var words []string
		for _, m := range jsString.FindAllSubmatch(code, -1) {
			if w := string(append(m[1], m[2]...)); globWord.MatchString(w) {
				words = append(words, w)
			}
		}
		for _, call := range eleventyGlob.FindAllSubmatch(code, -1) {
			for _, m := range jsGlobString.FindAllSubmatch(call[1], -1) {
				raw := string(m[1]) + string(m[2]) + string(m[3])
				alts := []string{raw}
				if eleventyInterpolation.MatchString(raw) {
					alts = alts[:0]
					for _, w := range words {
						alts = append(alts, eleventyInterpolation.ReplaceAllLiteralString(raw, w))
					}
				}
				for _, g := range alts {
					g = path.Clean(strings.TrimPrefix(g, "./"))
					if g != "." && !strings.HasPrefix(g, "..") && !strings.HasPrefix(g, "/") && !seen[g] {
						seen[g] = true
						globs = append(globs, g)
					}
				}
			}
		}
	}
	files := 0
	_ = fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		base := d.Name()
		if d.IsDir() {
			if name != dir && (strings.HasPrefix(base, ".") || base == "node_modules" || base == "_site") {
				return fs.SkipDir
			}
			return nil
		}
		switch path.Ext(base) {
		case ".js", ".cjs", ".mjs", ".ts":
		default:
			return nil
		}
		if files++; files > maxCodeFiles {
			return fs.SkipAll
		}
		if info, err := d.Info(); err != nil || info.Size() > MaxSiteConfigBytes {
			return nil
		}
		if code, err := fs.ReadFile(fsys, name); err == nil && bytes.Contains(code, []byte("getFilteredByGlob")) {
			read(code)
		}
		return nil
	})
	return globs
}

var (
	// eleventyInputDir is dir.input in an Eleventy config, written out.
	eleventyInputDir = regexp.MustCompile("\\binput\\s*:\\s*[\"'`]([^\"'`\\n]+)[\"'`]")
	// eleventyGlob is getFilteredByGlob's argument: a string, or a list.
	eleventyGlob = regexp.MustCompile("getFilteredByGlob\\(([^)]*)\\)")
	// jsGlobString is a string of its argument, quoted or a template
	// (whose variables may hold quotes: ${kind || 'posts'}).
	jsGlobString = regexp.MustCompile("`((?:\\$\\{(?:[^{}]|\\{[^{}]*\\})*\\}|[^`\\n])+)`|'([^'\\n]+)'|\"([^\"\\n]+)\"")
	// jsString is a string a file writes out in quotes.
	jsString = regexp.MustCompile(`'([^'\n]*)'|"([^"\n]*)"`)
	// globWord is a string that can stand in a glob for a folder's name:
	// a name, or a choice of names ({articles,notes}).
	globWord = regexp.MustCompile(`^(?:[\w-]+|\{[\w-]+(?:,[\w-]+)+\})$`)
	// eleventyInterpolation is a variable in a template string: ${type}.
	eleventyInterpolation = regexp.MustCompile(`\$\{(?:[^{}]|\{[^{}]*\})*\}`)
)

// eleventyConfig is the text of an Eleventy site's config, or nil: code,
// which is read for the literals it writes out, never run.
func eleventyConfig(fsys fs.FS, dir string) []byte {
	for _, c := range eleventyConfigs {
		data, err := fs.ReadFile(fsys, path.Join(dir, c))
		if err == nil && len(data) <= MaxSiteConfigBytes {
			return data
		}
	}
	return nil
}

// globMatch reports whether name matches glob, whose "**" stands for any
// number of folders and "{md,html}" for either word, as Eleventy's globs
// read.
func globMatch(glob, name string) bool {
	if open := strings.IndexByte(glob, '{'); open >= 0 {
		if n := strings.IndexByte(glob[open:], '}'); n > 0 {
			for _, alt := range strings.Split(glob[open+1:open+n], ",") {
				if globMatch(glob[:open]+alt+glob[open+n+1:], name) {
					return true
				}
			}
			return false
		}
	}
	g, n := strings.Split(glob, "/"), strings.Split(name, "/")
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for ; i < len(g); i, j = i+1, j+1 {
			if g[i] == "**" {
				for k := j; k <= len(n); k++ {
					if match(i+1, k) {
						return true
					}
				}
				return false
			}
			if j >= len(n) {
				return false
			}
			if ok, _ := path.Match(g[i], n[j]); !ok {
				return false
			}
		}
		return j == len(n)
	}
	return match(0, 0)
}

// eleventyDirTags reads the tags an Eleventy directory data file gives
// every page of the folder: folder/<name>.json or <name>.11tydata.json.
func eleventyDirTags(fsys fs.FS, folder string) []string {
	name := path.Base(folder)
	for _, file := range []string{name + ".11tydata.json", name + ".json"} {
		data, err := fs.ReadFile(fsys, path.Join(folder, file))
		if err != nil || len(data) > MaxSiteConfigBytes {
			continue
		}
		m, _, err := decodeConfig(data, ".json")
		if err != nil {
			continue
		}
		return frontMatter(m).list(false, "tags")
	}
	return nil
}
