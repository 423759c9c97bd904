// Package markdown is the source for blogs kept as Markdown files with YAML
// or TOML front matter, as Hugo, Jekyll and Zola keep them. It yields
// book.Posts; it does not render anything.
package markdown

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/parallel"
	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// Options tune how posts are read.
type Options struct {
	// Shortcodes give a blog's own Hugo shortcodes and Liquid tags a
	// meaning, by name; they win over the built-in meanings.
	Shortcodes map[string]dialect.Rule
	// Site holds the values of {{ site.* }} variables, e.g. "baseurl".
	Site map[string]any
	// Zone is the zone of dates written without one; nil is UTC. A site
	// folder's own config sets it when this is nil (see LoadBlog).
	Zone *time.Location
	// Lang is the language to read from a multilingual site; empty is the
	// site's default language.
	Lang string

	// taxonomies are the front matter keys of the site's own taxonomies,
	// read as categories; set from the site's config.
	taxonomies []string
	// templates are a Hugo site's own shortcode templates.
	templates *dialect.Templates
	// tera are a Zola site's own shortcode templates.
	tera *dialect.TeraTemplates
	// math are the delimiters of formulas the site keeps from Markdown;
	// mathEscaped says its Markdown reads $$…$$ first (see siteMath).
	math        []dialect.Delimiters
	mathEscaped bool
	kramdown    bool // a Jekyll site's Markdown
	// excerptSeparator is a Jekyll site's excerpt_separator, which a
	// post's own front matter may change (see removeSeparator).
	excerptSeparator string
	// flavor is how the site's Markdown reads where it parts from
	// CommonMark (see book.Flavor); it is each Markdown post's.
	flavor book.Flavor
	zola   bool // a Zola site: its names and escapes
	// tellIn is the zone every date is told in, those written with an
	// offset too: a Jekyll site's timezone, as Jekyll shows dates.
	tellIn *time.Location
	// defaults are a Jekyll site's front matter defaults by folder (only
	// the media folder is read from them, see mediapath.go).
	defaults []scopedDefault
	// files and siteDir are a Jekyll site's tree and its folder in it, from
	// which a post's Markdown includes are read (see includes.go).
	files   fs.FS
	siteDir string
	// WebCovers lets a post open with a cover picture on the web (see
	// cover.go), which the build then downloads; without it, such a
	// picture is left out with a warning.
	WebCovers bool
	// Drafts says the book keeps drafts: what the rewriting of a draft's
	// tags removed is told of only then, a warning being about the book.
	Drafts bool
	// eleventy is the page's data on an Eleventy site, set per file.
	eleventy *eleventyPage
	// section is what a Zola page takes from its sections (its
	// _index.md's sort_by, the page_template above it), set per file; see
	// unsortable and templateOnly.
	section zolaSection
}

// notPosts are Markdown files a blog folder holds that are not posts.
var notPosts = map[string]bool{
	"readme.md": true, "license.md": true, "licence.md": true,
	"changelog.md": true, "contributing.md": true, "code_of_conduct.md": true,
}

// IsPostFile reports whether a file name is one this source reads as a post.
func IsPostFile(name string) bool {
	base := strings.ToLower(path.Base(name))
	// A dot-file (.context.md, an editor's notes) is hidden: Hugo, Jekyll
	// and Zola leave it out, as they do hidden folders.
	if notPosts[base] || strings.HasPrefix(base, "_index.") || strings.HasPrefix(base, ".") {
		return false
	}
	ext := path.Ext(base)
	return ext == ".md" || ext == ".markdown"
}

// Blog is a folder of posts read as its generator reads it.
type Blog struct {
	Posts []*book.Post
	// Site is what the site's own config says of the blog.
	Site book.Site
}

// Load reads every post below dir in fsys; see LoadBlog.
func Load(ctx context.Context, fsys fs.FS, dir, display string, opts Options, rep *book.Report) ([]*book.Post, error) {
	b, err := LoadBlog(ctx, fsys, dir, display, opts, rep)
	if err != nil {
		return nil, err
	}
	return b.Posts, nil
}

// LoadBlog reads every post below dir in fsys, and the site's settings.
// display is how the folder is named in messages (e.g. the path the user
// gave). Hidden folders and Jekyll's _drafts are not read. A site folder
// is read as its generator reads it: a Hugo or Zola site's content folder
// in one language, a Jekyll site's _posts folders; its config (hugo.toml,
// config/_default, _config.yml, Zola's config.toml, an Eleventy site's
// _data files) gives the Site, the zone of dates written without one and
// the site's own taxonomies.
func LoadBlog(ctx context.Context, fsys fs.FS, dir, display string, opts Options, rep *book.Report) (*Blog, error) {
	tw := newTagWarnings()
	site := detectSite(fsys, dir)
	sc, err := readSiteConfig(fsys, dir, display, site, opts.Lang, rep)
	if err != nil {
		return nil, err
	}
	if opts.Zone == nil {
		opts.Zone = sc.zone
	}
	opts.Site = siteVars(sc.vars, opts.Site)
	opts.taxonomies = sc.taxonomies
	opts.math, opts.mathEscaped = siteMath(fsys, dir, site, sc.math)
	opts.kramdown = site == jekyllSite
	opts.flavor = sc.flavor
	opts.zola = site == zolaSite
	if site == jekyllSite {
		opts.tellIn = sc.zone
		opts.defaults = jekyllDefaults(sc.vars)
		opts.excerptSeparator, _ = sc.vars["excerpt_separator"].(string)
		opts.files, opts.siteDir = fsys, dir
	}
	if site == zolaSite {
		opts.Shortcodes = withRules(zolaMathShortcodes(fsys, dir), opts.Shortcodes)
		opts.tera = zolaTemplates(fsys, dir, display)
	}
	if site == hugoSite {
		opts.templates = hugoTemplates(fsys, dir, display, sc.vars)
	}
	root, dirLang := dir, sc.defaultLang
	if site.hasContent() {
		root = path.Join(dir, "content")
		if d := sc.langDirs[sc.lang]; d != "" && fs.ValidPath(path.Join(dir, d)) {
			root, dirLang = path.Join(dir, d), sc.lang
		}
		fsys = hugoAssets{fsys}
	}
	otherDirs := map[string]bool{}
	for code, d := range sc.langDirs {
		if !strings.EqualFold(code, sc.lang) {
			otherDirs[path.Join(dir, d)] = true
		}
	}
	if site == jekyllSite {
		// The folders and files the site's config excludes (a theme's
		// demo posts in docs/), written out; a glob is left to Jekyll.
		for _, e := range frontMatter(sc.vars).list(false, "exclude") {
			if e = strings.Trim(path.Clean("/"+e), "/"); e != "" && !strings.ContainsAny(e, "*?[{") {
				otherDirs[path.Join(dir, e)] = true
			}
		}
	}
	var eleventyLayout eleventyLayout
	if sc.eleventy != nil {
		eleventyLayout = sc.eleventy.layout
	}
	translations := 0
	// Hugo's leaf bundles: folders holding an index file (index.md,
	// index.fr.md), whose other Markdown files are resources.
	bundles := map[string]bool{}
	// The walk only lists the posts' files: reading a post depends on its
	// file alone, so they are read on all cores afterwards.
	var files []string
	walkErr := fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return &book.SourceError{File: displayName(display, dir, name), Err: unwrapPathError(err)}
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		base := d.Name()
		if d.Type()&fs.ModeSymlink != 0 {
			warnOutside(fsys, name, displayName(display, dir, name), rep)
			return nil
		}
		ignored := site == eleventySite && eleventyLayout.ignored(relName(dir, name))
		if d.IsDir() {
			if name != root && (strings.HasPrefix(base, ".") || base == "_drafts" || base == "node_modules" ||
				site == jekyllSite && jekyllSkip[base] || otherDirs[name] || ignored) {
				return fs.SkipDir
			}
			return nil
		}
		if otherDirs[name] || ignored {
			return nil
		}
		html := site.readsHTML() && isHTMLName(base)
		templated := site == eleventySite && isTemplateName(base)
		if !d.Type().IsRegular() || !IsPostFile(base) && !html && !templated {
			return nil
		}
		if site == hugoSite && path.Dir(name) != root && isBundleIndex(base) {
			bundles[path.Dir(name)] = true
		}
		if site == jekyllSite && !underPosts(relName(dir, name)) {
			if !html { // a site's HTML files are its layouts and pages
				rep.Note("%s: not in a _posts folder, read as a page of the site, not a post", book.FileName(displayName(display, dir, name)))
			}
			return nil
		}
		if len(sc.langs) > 1 && !strings.EqualFold(sc.fileLang(base, dirLang), sc.lang) {
			translations++
			return nil
		}
		files = append(files, name)
		return nil
	})
	if len(bundles) > 0 {
		files = withoutResources(files, bundles, root, display, dir, rep)
	}
	type result struct {
		post     *book.Post
		problems []dialect.Problem
		hidden   string
		template bool // an HTML file without front matter: no post
		err      error
	}
	read := make([]result, len(files))
	// An Eleventy page's data files are read here, once, in the walk's
	// order: their warnings come in the same order whatever the timing.
	var pageData []*eleventyPage
	if sc.eleventy != nil {
		cascade := newEleventyCascade(fsys, dir, display, sc.eleventy.layout, sc.eleventy.global, rep)
		pageData = make([]*eleventyPage, len(files))
		for i, name := range files {
			pageData[i] = cascade.page(name)
		}
	}
	var sections map[string]zolaSection
	if site == zolaSite {
		sections = zolaSections(fsys, root, files)
	}
	if err := parallel.ForEach(ctx, len(files), func(i int) error {
		name := files[i]
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			read[i].err = &book.SourceError{File: displayName(display, dir, name), Err: unwrapPathError(err)}
			return nil
		}
		r := &read[i]
		if r.template = isHTMLName(name) && !opensWithFrontMatter(data) || isTemplateName(name) && !markdownTemplate(data); r.template {
			return nil
		}
		o := opts
		if pageData != nil {
			o.eleventy = pageData[i]
		}
		o.section = sections[name]
		r.post, r.problems, r.hidden, r.err = readPost(data, displayName(display, dir, name), relName(dir, name), o)
		return nil
	}); err != nil {
		return nil, err
	}
	// What follows is in the walk's order, as if each file were read as
	// the walk came to it: the first error found wins, and the warnings
	// come in the same order whatever the timing.
	var posts []*book.Post
	var pages []contentPage
	problems := map[*book.Post][]dialect.Problem{}
	for i, name := range files {
		if read[i].err != nil {
			return nil, read[i].err
		}
		if read[i].template {
			continue
		}
		p := read[i].post
		// What the rewriting of template tags removed is told of the posts
		// only, once the site's rules have chosen them.
		problems[p] = read[i].problems
		if read[i].hidden != "" {
			rep.Note("%s: %s, not a post", book.FileName(p.Source), read[i].hidden)
			continue
		}
		p.Categories = mergeCategories(folderCategories(relName(dir, name)), p.Categories)
		p.Assets, p.AssetDir = fsys, path.Dir(name)
		if len(sc.langs) > 1 && p.Lang == "" {
			p.Lang = sc.site.Lang
		}
		switch {
		case site.hasContent():
			pages = append(pages, contentPage{post: p, rel: relName(root, name)})
			continue
		case site == eleventySite:
			pages = append(pages, contentPage{post: p, rel: relName(dir, name)})
			continue
		}
		posts = append(posts, p)
	}
	if walkErr != nil {
		return nil, walkErr
	}
	switch {
	case site.hasContent():
		index := rootIndex(fsys, root)
		posts = publishedPosts(pages, site, sc.mainSections, site == zolaSite && zolaListsRoot(index), rep)
		if sc.site.Title == "" {
			sc.site.Title = index.str("title") // the home page's title
		}
	case site == eleventySite:
		posts = eleventyPosts(fsys, dir, display, pages, rep)
	}
	untitled := 0
	for _, p := range posts {
		if p.Draft && !opts.Drafts {
			continue
		}
		for _, pr := range problems[p] {
			if pr.Key == untitledKey {
				untitled++
				continue
			}
			tw.add(p, pr, rep)
		}
	}
	warnUntitled(display, untitled, rep)
	if translations > 0 {
		rep.Note("%s: a site in %d languages, read in %q; %d translations left out (--lang chooses the language)", display, len(sc.langs), sc.lang, translations)
	}
	tw.flush(rep)
	return &Blog{Posts: posts, Site: sc.site}, nil
}

// bundleIndex is the name of a Hugo leaf bundle's index file, in any
// language (index.md, index.fr.md) and any of the formats read here.
var bundleIndex = regexp.MustCompile(`(?i)^index(?:\.[a-z]{2,3}(?:[-_][a-z0-9]+)*)?\.(?:md|markdown|html?)$`)

func isBundleIndex(base string) bool { return bundleIndex.MatchString(base) }

// withoutResources leaves out the files Hugo reads as page resources of a
// leaf bundle, not as pages: the Markdown files in a bundle's folder other
// than its index, and every one below it (a leaf bundle holds no pages, so
// an index.md below is a resource too).
func withoutResources(files []string, bundles map[string]bool, root, display, dir string, rep *book.Report) []string {
	kept := files[:0]
	for _, name := range files {
		owner := ""
		if d := path.Dir(name); bundles[d] && !isBundleIndex(path.Base(name)) {
			owner = d
		}
		for d := path.Dir(path.Dir(name)); owner == "" && d != root && strings.HasPrefix(d, root+"/"); d = path.Dir(d) {
			if bundles[d] {
				owner = d
			}
		}
		if owner == "" {
			kept = append(kept, name)
			continue
		}
		rep.Note("%s: a resource of the page bundle %s (Hugo publishes the folder of an index.md as one page), not a post",
			book.FileName(displayName(display, dir, name)), relName(root, owner)+"/")
	}
	return kept
}

// warnOutside tells about a symbolic link that the folder's tree refuses to
// follow because it leads outside (links that stay inside are not posts:
// the post they lead to is read where it is).
func warnOutside(fsys fs.FS, name, display string, rep *book.Report) {
	_, err := fs.Stat(fsys, name)
	if errors.Is(err, confine.ErrOutside) || errors.Is(err, confine.ErrAbsoluteLink) {
		rep.Warn(display, 0, "not read: %v", unwrapPathError(err))
	}
}

func displayName(display, dir, name string) string {
	rel := relName(dir, name)
	if display == "" {
		return name
	}
	if rel == "" {
		return display
	}
	return strings.TrimSuffix(display, "/") + "/" + rel
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		var notRegular *confine.NotRegularError
		if errors.Is(pe.Err, confine.ErrOutside) || errors.Is(pe.Err, confine.ErrAbsoluteLink) || errors.As(pe.Err, &notRegular) {
			return pe.Err // says all: what was done with it does not matter
		}
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// jekyllName is a Jekyll post's file name: its date, then its slug.
var jekyllName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.+)\.(md|markdown|html?)$`)

// zolaName is a Zola page's file or folder name when it opens with its
// date, which Zola takes as the page's and leaves out of its slug: the
// day, or the day and time, then "-" or "_".
var zolaName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?)?[-_](.+)$`)

// datedFolder is a page bundle's folder named from its date.
var datedFolder = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[-_]`)

// dateInPath is a day written in an address: /2019/11/07/.
var dateInPath = regexp.MustCompile(`(?:^|/)((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$|[^0-9])`)

// Read reads one post file as its blog published it: its front matter, and
// its body with Hugo shortcodes and Liquid tags rewritten as Markdown. name
// is how the file is named in messages and becomes the post's Source. The
// post's asset tree is left unset. What the rewriting removes is reported
// to rep.
func Read(data []byte, name string, opts Options, rep *book.Report) (*book.Post, error) {
	tw := newTagWarnings()
	p, err := read(data, name, opts, tw, rep)
	if err != nil {
		return nil, err
	}
	tw.flush(rep)
	return p, nil
}

func read(data []byte, name string, opts Options, tw *tagWarnings, rep *book.Report) (*book.Post, error) {
	p, problems, _, err := readPost(data, name, "", opts)
	if err != nil {
		return nil, err
	}
	for _, pr := range problems {
		tw.add(p, pr, rep)
	}
	return p, nil
}

// readPost reads one post file, returning what the rewriting of its body
// removed for the caller to report: it is safe for concurrent use.
// hidden says why the generator publishes the file as no page, if it
// does not (a headless bundle, a page built but never rendered). rel is
// the file's path below the site, "" when it is read alone.
func readPost(data []byte, name, rel string, opts Options) (p *book.Post, problems []dialect.Problem, hidden string, err error) {
	p, fm, dups, err := parse(data, name, opts.Zone, opts.kramdown, opts.keys(), opts.eleventy != nil)
	if err != nil {
		return nil, nil, "", err
	}
	if opts.tellIn != nil {
		for _, d := range []*time.Time{&p.Date, &p.Lastmod, &p.Expires} {
			if !d.IsZero() {
				*d = d.In(opts.tellIn)
			}
		}
	}
	tax, _ := fm["taxonomies"].(map[string]any) // Zola's
	for _, key := range opts.taxonomies {
		p.Categories = append(p.Categories, seriesTerms(key, fm.list(false, key))...)
		p.Categories = append(p.Categories, seriesTerms(key, frontMatter(tax).list(false, key))...)
	}
	// fields are the keys the generator reads; fm, every key, is what
	// {{ page.* }} finds.
	fields := fm
	if k := opts.keys(); k != nil {
		fields, _ = k.fields(fm)
	}
	if opts.kramdown {
		p.MediaPath = mediaPath(fields, opts.defaults, rel)
		sep := opts.excerptSeparator
		if own, ok := fields["excerpt_separator"].(string); ok {
			sep = own
		}
		p.Body = removeSeparator(p.Body, sep)
		if p.Title == "" {
			// Jekyll titles a post from its file's name, not from a
			// heading.
			if m := jekyllName.FindStringSubmatch(path.Base(name)); m != nil {
				p.Title = titleizeSlug(m[2])
			}
		}
	}
	if isHTMLName(name) {
		// An HTML post becomes Markdown, as an export's posts do, so that
		// one renderer makes every post; its template tags are kept aside
		// for the rewriting below.
		if p.Body, err = htmlToMarkdown(p.Body); err != nil {
			return nil, nil, "", &book.SourceError{File: name, Err: err}
		}
	}
	if !isHTMLName(name) {
		// An HTML post's Markdown is this program's, read as CommonMark.
		p.Flavor = opts.flavor
	}
	dopts := dialect.Options{Rules: opts.Shortcodes, Site: opts.Site, Page: fm, Templates: opts.templates, Tera: opts.tera, Math: opts.math,
		MathEscaped: opts.mathEscaped, Kramdown: opts.kramdown, Zola: opts.zola, Include: opts.includes(rel)}
	hidden = unrendered(fields)
	if hidden == "" && opts.zola {
		hidden = unsortable(fields, opts.section.sortBy, name)
	}
	if hidden == "" && opts.zola {
		hidden = templateOnly(fields, opts.section.pageTemplate, p.Body)
	}
	if e := opts.eleventy; e != nil {
		dopts.Cascade = e.cascade
		dopts.Language = e.language
		if h := eleventyFrontMatter(p, fm, e, dopts); hidden == "" {
			hidden = h
		}
	}
	written := len(bytes.TrimSpace(p.Body)) > 0
	body, problems := dialect.Rewrite(p.Body, dopts)
	p.Body = body
	// A post that only sends its readers elsewhere (jekyll-redirect-from)
	// is, in a book, a link to where it is.
	if to := redirectTarget(fields); to != "" && len(bytes.TrimSpace(p.Body)) == 0 {
		p.Body = []byte("<" + to + ">\n")
	}
	if written && len(bytes.TrimSpace(p.Body)) == 0 {
		problems = append(problems, dialect.Problem{Line: 1, Msg: "the post's text is empty once its template tags are rewritten: only its title is in the book"})
	}
	untitled := finish(p, opts.zola)
	problems = append(dups, problems...)
	if untitled {
		problems = append(problems, dialect.Problem{Line: 2 - p.BodyLine, Key: untitledKey,
			Msg: "the post has no title: it is called by the start of its text"})
	}
	if body, added, prs := withCover(p.Body, fields, opts.WebCovers); added > 0 && p.BodyLine > added || len(prs) > 0 {
		// Lines keep their numbers: a problem's counts from the body's
		// first line, which the picture's lines now precede.
		for _, pr := range prs {
			pr.Line = 2 - p.BodyLine // the file's first line: its front matter
			problems = append(problems, pr)
		}
		if added > 0 && p.BodyLine > added {
			p.Body = body
			p.BodyLine -= added
			for i := range problems {
				problems[i].Line += added
			}
		}
	}
	return p, problems, hidden, nil
}

// redirectTarget is the web address a post's redirect_to sends readers
// to, or "": only an absolute http(s) address, which a book can print.
func redirectTarget(fm frontMatter) string {
	to := strings.TrimSpace(fm.str("redirect_to"))
	if to == "" {
		if list := fm.list(false, "redirect_to"); len(list) > 0 {
			to = strings.TrimSpace(list[0])
		}
	}
	lower := strings.ToLower(to)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") || strings.ContainsAny(to, " <>\n") {
		return ""
	}
	return to
}

// relName is a file's name relative to the folder read.
func relName(dir, name string) string {
	return strings.TrimPrefix(strings.TrimPrefix(name, dir), "/")
}

// Parse reads one post file without rewriting its body: template tags stay
// as written (Read rewrites them). name is how the file is named in
// messages and becomes the post's Source. The post's asset tree is left unset.
func Parse(data []byte, name string) (*book.Post, error) {
	p, _, _, err := parse(data, name, nil, false, nil, false)
	if err != nil {
		return nil, err
	}
	finish(p, false)
	return p, nil
}

// loose says a YAML block that does not parse is read line by line, as
// Jekyll publishes such a post (Hugo, Zola and Eleventy stop on it); keys,
// if not nil, that the generator reads keys only as written; eleventy
// that the date may be one of the words Eleventy reads.
func parse(data []byte, name string, loc *time.Location, loose bool, keys *keysAsWritten, eleventy bool) (*book.Post, frontMatter, []dialect.Problem, error) {
	data = newlines(data)
	if line := invalidUTF8Line(data); line > 0 {
		return nil, nil, nil, &book.SourceError{File: name, Line: line, Err: fmt.Errorf("invalid UTF-8")}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	fm, lines, body, bodyLine, dups, lenient, err := splitFrontMatter(data)
	if lenient != nil && !loose {
		err = lenient
	}
	if err != nil {
		if le, ok := err.(*lineError); ok {
			return nil, nil, nil, &book.SourceError{File: name, Line: le.line, Err: le.err}
		}
		return nil, nil, nil, &book.SourceError{File: name, Err: err}
	}
	p := &book.Post{Source: name, Body: body, BodyLine: bodyLine}
	if eleventy {
		// "date: Last Modified" or "Created" dates a page by its file,
		// which a copy of the site does not keep: the page is undated,
		// unless its file's name gives the date.
		if key, v, ok := fm.lookupKey("date"); ok {
			if s, ok := v.(string); ok && eleventyFileDates[strings.ToLower(strings.TrimSpace(s))] {
				delete(fm, key)
			}
		}
	}
	fields, ignored := fm, []string(nil)
	if keys != nil {
		fields, ignored = keys.fields(fm)
	}
	if err := fill(p, fields, loc); err != nil {
		line := 1
		var fe *fieldError
		if errors.As(err, &fe) && lines[fe.key] > 0 {
			line = lines[fe.key]
		}
		return nil, nil, nil, &book.SourceError{File: name, Line: line, Err: err}
	}
	var problems []dialect.Problem
	if lenient != nil {
		problems = append(problems, dialect.Problem{
			Line: lenient.line - bodyLine + 1,
			Msg:  fmt.Sprintf("%v; read line by line, as Jekyll still publishes the post", lenient.err),
		})
	}
	for _, d := range dups {
		// A Problem's line counts from the body's first line.
		// One warning a key for the blog: a theme's archetype that
		// wrote it twice wrote it so in every post.
		problems = append(problems, dialect.Problem{
			Line: d.Line - bodyLine + 1,
			Key:  "front matter key twice: " + d.Key,
			Msg:  fmt.Sprintf("front matter gives %q twice (first on line %d): the last value is kept, as the generator does", d.Key, d.First),
		})
	}
	problems = append(problems, keys.warnings(ignored, lines, bodyLine)...)
	return p, fm, problems, nil
}

// newlines turns Windows' "\r\n" and old Macs' lone "\r" line ends into
// "\n", keeping the count of lines.
func newlines(data []byte) []byte {
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

// finish fills what front matter left out from the file's name and body;
// zola says the name is read as Zola reads it. untitled says the post is
// called by the start of its text, having no title nor heading.
func finish(p *book.Post, zola bool) (untitled bool) {
	name := p.Source
	base := path.Base(name)
	if zola {
		stem := strings.TrimSuffix(base, path.Ext(base))
		if stem == "index" { // a page's folder names it
			stem = path.Base(path.Dir(name))
		}
		if m := zolaName.FindStringSubmatch(stem); m != nil {
			if !p.Dated() {
				p.Date, _ = time.Parse("2006-01-02", m[1])
			}
			if p.Slug == "" {
				p.Slug = m[2]
			}
		}
	}
	if m := jekyllName.FindStringSubmatch(base); m != nil {
		if !p.Dated() {
			p.Date, _ = time.Parse("2006-01-02", m[1])
		}
		if p.Slug == "" {
			p.Slug = m[2]
		}
	}
	// A bundle's folder dates it as a file's name does (Zola), and an
	// address the post is published at may say its day (/2019/11/07/…).
	if m := datedFolder.FindStringSubmatch(path.Base(path.Dir(name))); m != nil && !p.Dated() && strings.HasPrefix(base, "index.") {
		p.Date, _ = time.Parse("2006-01-02", m[1])
	}
	for _, link := range p.Permalinks {
		if m := dateInPath.FindStringSubmatch(link); m != nil && !p.Dated() {
			p.Date, _ = time.Parse("2006/01/02", m[1]+"/"+m[2]+"/"+m[3])
			break
		}
	}
	if p.Slug == "" {
		stem := strings.TrimSuffix(base, path.Ext(base))
		// A Hugo page bundle is named by its folder, whatever language
		// its index is in (index.fr.md).
		if stem == "index" || strings.HasPrefix(stem, "index.") {
			stem = path.Base(path.Dir(name))
		}
		p.Slug = stem
	}
	if p.Title == "" {
		p.Title, p.Body = titleFromHeading(p.Body)
	}
	if p.Title == "" {
		if p.Title = opening(p.Body); p.Title != "" {
			return true
		}
		p.Title = p.Slug
	}
	return false
}

// keys says how the site's generator reads front matter keys: nil is
// without regard to case, as Hugo and Eleventy do.
func (o Options) keys() *keysAsWritten {
	switch {
	case o.kramdown:
		return jekyllKeys
	case o.zola:
		return zolaKeys
	}
	return nil
}

// fill sets the post's metadata from its front matter, in the names Hugo,
// Jekyll and Zola use.
func fill(p *book.Post, fm frontMatter, loc *time.Location) error {
	var err error
	// A title over lines (TOML's """…""") shows on one.
	p.Title = dialect.OneLine(strings.TrimSpace(fm.str("title")))
	// Hux, Clean Blog and Beautiful Jekyll print it under the title.
	p.Subtitle = dialect.OneLine(strings.TrimSpace(fm.str("subtitle")))
	if extra, ok := fm["extra"].(map[string]any); ok && p.Subtitle == "" {
		// A Zola page keeps what its templates show in [extra].
		p.Subtitle = dialect.OneLine(strings.TrimSpace(frontMatter(extra).str("subtitle")))
	}
	if p.Date, err = fm.date(loc, "date"); err != nil {
		return err
	}
	if p.Lastmod, err = fm.date(loc, "lastmod", "last_modified_at", "updated", "modified"); err != nil {
		return err
	}
	if p.Draft, _, err = fm.boolean("draft"); err != nil {
		return err
	}
	// Jekyll's published is a flag; Hugo's is a date, as publishDate.
	publishDate, err := fm.date(loc, "publishDate", "pubdate")
	if err != nil {
		return err
	}
	if v, ok := fm.lookup("published"); ok && isDate(v) {
		if publishDate, err = fm.date(loc, "published"); err != nil {
			return err
		}
	} else {
		published, present, err := fm.boolean("published")
		if err != nil {
			return err
		}
		if present && !published {
			p.Draft = true
		}
	}
	// A post shows from its publish date on, so the pipeline's rule for
	// posts dated after the build date holds it back until then.
	if publishDate.After(p.Date) {
		p.Date = publishDate
	}
	if p.Expires, err = fm.date(loc, "expiryDate", "unpublishdate"); err != nil {
		return err
	}
	p.Slug = fm.str("slug")
	if u := fm.str("url", "permalink"); u != "" {
		p.Permalinks = append(p.Permalinks, u)
	} else if u := fm.str("path"); u != "" { // Zola's, from the site's root
		p.Permalinks = append(p.Permalinks, "/"+strings.TrimPrefix(u, "/"))
	}
	p.Permalinks = append(p.Permalinks, fm.list(false, "aliases", "redirect_from")...)
	p.Tags = fm.list(true, "tags")
	// Jekyll parts a string of categories at spaces, but not its one
	// category: "category: Data Science" is one.
	if _, ok := fm.lookup("categories"); ok {
		p.Categories = fm.list(true, "categories")
	} else {
		p.Categories = fm.list(false, "category")
	}
	if taxonomies, ok := fm["taxonomies"].(map[string]any); ok { // Zola
		tax := frontMatter(taxonomies)
		p.Tags = append(p.Tags, tax.list(false, "tags")...)
		p.Categories = append(p.Categories, tax.list(false, "categories")...)
	}
	p.Summary = fm.str("summary", "description", "excerpt")
	p.Lang = fm.str("lang", "language", "languageCode")
	p.Author = strings.Join(fm.list(false, "author", "authors"), ", ")
	if a, ok := fm.lookup("author"); ok {
		if m, ok := a.(map[string]any); ok {
			p.Author = frontMatter(m).str("name")
		}
	}
	if img, ok := coverOf(fm); ok {
		p.Cover = img.src
	}
	return nil
}

// titleFromHeading takes a post's title from a first-level heading that
// opens its body, and removes that heading so the title is not shown twice.
func titleFromHeading(body []byte) (string, []byte) {
	rest := bytes.TrimLeft(body, " \t\n")
	line, after, _ := bytes.Cut(rest, []byte("\n"))
	if !bytes.HasPrefix(line, []byte("# ")) {
		return "", body
	}
	title := strings.TrimSpace(strings.TrimRight(string(line[2:]), "# \t"))
	if title == "" {
		return "", body
	}
	return title, after
}

// invalidUTF8Line returns the line of the first byte that is not UTF-8, or 0.
func invalidUTF8Line(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line
}
