package build

import (
	"context"
	"fmt"
	"golang.org/x/text/unicode/norm"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofrs/uuid/v5"
	"golang.org/x/text/language"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/imaging"
	"github.com/anthology-book/anthology/internal/lang"
	"github.com/anthology-book/anthology/internal/links"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source"
	"github.com/anthology-book/anthology/internal/source/media"
	"github.com/anthology-book/anthology/internal/theme"
)

// prepare runs the stages before rendering: load, select, parse, detect
// languages, group into chapters and, when the book is to be rendered,
// resolve links, write the datelines and prepare the images.
func prepare(ctx context.Context, opts Options, render bool) (*Result, error) {
	cfg := opts.BookFile
	if cfg == nil {
		cfg = &config.Config{}
	}
	rep := &book.Report{}
	if err := checkBookSettings(opts, cfg); err != nil {
		return nil, err
	}

	opts.progress("reading posts", -1, "")
	if opts.Source.Markdown.Lang == "" {
		// A multilingual site is read in the book's language when it has it.
		opts.Source.Markdown.Lang = first(opts.Lang, cfg.Lang)
	}
	src := opts.Source
	src.Drafts = opts.Drafts
	posts, site, err := source.LoadWithSite(ctx, opts.Sources, src, rep)
	if err != nil {
		return nil, err
	}
	cleanPosts(posts)
	if len(posts) == 0 {
		return nil, &InputError{
			Msg:  fmt.Sprintf("no posts found in %s", strings.Join(opts.Sources, ", ")),
			Hint: "a SOURCE is a folder of Markdown posts, a Markdown file, a WordPress export, a feed (RSS, Atom, JSON Feed) or a text file",
		}
	}
	date := opts.Date
	if date.IsZero() {
		date = newestPost(posts)
	}
	posts = selectPosts(posts, date, opts.Drafts, rep)
	if len(posts) == 0 {
		return nil, &InputError{
			Msg:  "every post is a draft or dated after the build date",
			Hint: "use --drafts to include them",
		}
	}
	for _, p := range posts {
		if !p.Dated() {
			rep.Warn(p.Source, 0, "post %q has no date; it is placed last in its chapter", p.Title)
		}
	}
	stated := checkPostLangs(posts, rep)
	b := newBook(opts, cfg, site, posts, date, rep)
	assignPostIDs(posts)

	compose(posts)
	opts.progress("parsing", len(posts), "")
	docs, err := markup.ParseAll(ctx, posts, opts.postDone())
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		for _, w := range docs[p.ID].Warnings {
			rep.Warn(p.Source, w.Line, "post %q: %s", p.Title, w.Msg)
		}
	}
	lang.Assign(stated, docs, b.Lang, rep)
	if opts.Lang == "" && cfg.Lang == "" {
		// Nothing stated the book's language, or only a site whose posts
		// are in another script (a feed of Arabic pages that says
		// "en-us"): it is the one most posts are written in, as stated or
		// detected.
		l := mostCommon(posts, func(p *book.Post) string { return book.BaseLang(p.Lang) })
		if s := siteLang(site.Lang); l != "" && (s == "" || lang.OtherScript(s, l)) {
			b.Lang = l
		}
	}

	opts.progress("grouping posts", -1, "")
	chapters, err := group(cfg, opts.Themes, posts, docs, rep)
	if err != nil {
		return nil, err
	}
	b.Chapters = chapters
	for _, c := range chapters {
		c.Title, c.Description = markup.CleanText(c.Title), markup.CleanText(c.Description)
	}
	assignChapterIDs(b)
	nameUntitled(b)
	typesetTitles(b)
	res := &Result{Book: b, Docs: docs, Report: rep}
	if !render {
		return res, nil
	}

	drawn := drawCover(opts, cfg, b)
	links.Resolve(b, docs, links.Site{BaseURL: b.BaseURL, Permalinks: b.Permalinks}, rep)
	b.WriteDatelines()
	frenchSpacing(b, docs)
	if res.printCover, err = prepareImages(ctx, opts, cfg, b, docs, drawn, rep); err != nil {
		return nil, err
	}
	// After the images: one the book cannot print is its alt text, and
	// needs none of its own.
	checkAccess(b, cfg, docs, rep)
	return res, nil
}

// typesetTitles gives the titles the book prints the typography of the
// text, in their languages, once those are known: what plan shows is
// what the books print.
func typesetTitles(b *book.Book) {
	b.Title, b.Subtitle, b.Description = markup.Title(b.Title, b.Lang), markup.Title(b.Subtitle, b.Lang), markup.Title(b.Description, b.Lang)
	for _, c := range b.Chapters {
		c.Title, c.Description = markup.Title(c.Title, b.Lang), markup.Title(c.Description, b.Lang)
		for _, p := range c.Posts {
			p.Title, p.Subtitle = markup.Title(p.Title, first(p.Lang, b.Lang)), markup.Title(p.Subtitle, first(p.Lang, b.Lang))
		}
	}
}

// frenchSpacing gives French posts French typography.
func frenchSpacing(b *book.Book, docs markup.Docs) {
	for _, p := range b.Posts() {
		if d := docs[p.ID]; d != nil && book.BaseLang(first(p.Lang, b.Lang)) == "fr" {
			d.FrenchSpacing()
		}
	}
}

// checkAccess makes the checks the EPUB's accessibility claims rest on:
// every image has a text alternative or is decorative, no heading skips a
// level. Each image without alt text is a warning naming it, and one more
// says the book claims no conformance, and why.
func checkAccess(b *book.Book, cfg *config.Config, docs markup.Docs, rep *book.Report) {
	a := &b.Access
	a.Summary = markup.CleanText(cfg.Accessibility.Summary)
	a.Certifier, a.CertifierCredential, a.CertifierReport = cfg.Accessibility.CertifiedBy, cfg.Accessibility.Credential, cfg.Accessibility.Report
	var failed []string
	for _, p := range b.Posts() {
		d := docs[p.ID]
		if d == nil {
			continue
		}
		missing := d.MissingAlt(cfg.Decorative)
		var names []string
		for _, dest := range missing {
			names = append(names, book.Quote(imaging.ShortAddress(dest)))
			a.MissingAlt = append(a.MissingAlt, p.Title+": "+imaging.ShortAddress(dest))
		}
		// One warning a post: a post of photos is one thing to fix.
		switch len(names) {
		case 0:
		case 1:
			rep.Warn(p.Source, 0, "post %q: image %s has no alt text; give it one, or mark it decorative (title \"decorative\", or decorative: in the book file)", p.Title, names[0])
		default:
			rep.WarnList(p.Source, 0, names, "images", "post %q: %d images have no alt text (%s); give them one, or mark them decorative (title \"decorative\", or decorative: in the book file)", p.Title, len(names))
		}
		var why []string
		if len(missing) > 0 {
			why = append(why, fmt.Sprintf("%d image%s without alt text", len(missing), plural(len(missing))))
		}
		if d.SkipsHeadingLevel() {
			a.SkippedHeadings = append(a.SkippedHeadings, p.Title)
			why = append(why, "a heading skips a level")
		}
		if len(why) > 0 {
			failed = append(failed, book.Quote(p.Title)+" ("+strings.Join(why, ", ")+")")
		}
	}
	if len(failed) > 0 {
		rep.WarnList("", 0, failed, "posts", "the EPUB claims no accessibility conformance (EPUB Accessibility 1.1, WCAG 2.2 AA); its checks fail on %d post%s: %s", len(failed), plural(len(failed)))
	}
}

// newBook fills the book's metadata: the options first, then the book
// file, then what the posts say.
// The command line wins over the book file, which wins over the site's
// own settings (site).
func newBook(opts Options, cfg *config.Config, site book.Site, posts []*book.Post, date time.Time, rep *book.Report) *book.Book {
	clean := markup.CleanText
	b := &book.Book{
		Title:       first(clean(opts.Title), clean(cfg.Title), clean(site.Title)),
		Subtitle:    clean(cfg.Subtitle),
		Author:      first(clean(opts.Author), clean(cfg.Author), clean(site.Author)),
		Lang:        first(opts.Lang, cfg.Lang, siteLang(site.Lang), mostCommon(posts, func(p *book.Post) string { return book.BaseLang(p.Lang) }), "en"),
		Description: clean(cfg.Description),
		Date:        date,
		BaseURL:     first(cfg.BaseURL, site.BaseURL),
		Permalinks:  first(cfg.Permalinks, site.Permalinks),
	}
	if b.Title == "" {
		b.Title = DefaultTitle(opts.Sources[0])
		rep.Warn("", 0, "no title given; the book is called %q (set --title or title: in the book file)", b.Title)
	}
	writers := 0
	if b.Author == "" {
		b.Author, writers = mainAuthor(posts)
	}
	switch {
	case b.Author == "" && writers > 1:
		rep.Warn("", 0, "no author given, and none of the posts' %d authors wrote half of them; the book has none (set --author or author: in the book file)", writers)
	case b.Author == "":
		rep.Warn("", 0, "no author given; the book has none (set --author or author: in the book file)")
	}
	b.Identifier = first(cfg.Identifier, identifier(b.Title, b.Author))
	if len(cfg.Authors) > 0 && opts.Author == "" {
		for _, a := range cfg.Authors {
			if a = clean(strings.TrimSpace(a)); a != "" {
				b.Imprint.Authors = append(b.Imprint.Authors, a)
			}
		}
		b.Author = strings.Join(b.Imprint.Authors, ", ")
		b.Identifier = first(cfg.Identifier, identifier(b.Title, b.Author))
	}
	b.Imprint = imprint(cfg, b.Imprint.Authors)
	if b.Imprint.ISBN != "" {
		b.Imprint.OtherIdentifiers = []string{b.Identifier}
		b.Identifier = "urn:isbn:" + b.Imprint.ISBN
	}
	return b
}

// imprint is the book file's store metadata, checked when it was read.
func imprint(cfg *config.Config, authors []string) book.Imprint {
	clean := markup.CleanText
	im := book.Imprint{
		Authors:              authors,
		AuthorSort:           clean(cfg.AuthorSort),
		Publisher:            clean(cfg.Publisher),
		Rights:               clean(cfg.Rights),
		Edition:              clean(cfg.Edition),
		Series:               book.Series{Name: clean(cfg.Series.Name), Number: cfg.Series.Number},
		SubjectsFromChapters: cfg.SubjectsFromChapters,
	}
	if cfg.ISBN != "" {
		im.ISBN, _ = config.ISBN(cfg.ISBN)
	}
	if cfg.Published != "" {
		im.Published, _ = config.PublishedDate(cfg.Published)
	}
	for _, c := range cfg.Contributors {
		im.Contributors = append(im.Contributors, book.Contributor{Name: clean(c.Name), Role: c.Role})
	}
	for _, s := range cfg.Subjects {
		if s = clean(strings.TrimSpace(s)); s != "" {
			im.Subjects = append(im.Subjects, s)
		}
	}
	return im
}

// cleanPosts removes from what the renderers print of each post, besides
// its text (which markup cleans), the control characters no book can
// hold.
func cleanPosts(posts []*book.Post) {
	clean := markup.CleanText
	for _, p := range posts {
		p.Title, p.Author, p.Summary = clean(p.Title), clean(p.Author), clean(p.Summary)
		for i := range p.Tags {
			p.Tags[i] = clean(p.Tags[i])
		}
		for i := range p.Categories {
			p.Categories[i] = clean(p.Categories[i])
		}
	}
}

// checkBookSettings refuses a book language, from --lang or the book file,
// that is not a BCP 47 tag, and an ISBN or date of publication that is
// not one.
func checkBookSettings(opts Options, cfg *config.Config) error {
	hint := `give a BCP 47 language tag, e.g. "en", "fr" or "pt-BR"`
	if l := strings.TrimSpace(opts.Lang); l != "" && !validLang(l) {
		return &InputError{Msg: fmt.Sprintf("--lang %q is not a language tag", opts.Lang), Hint: hint}
	}
	name := cfg.Path
	if name == "" {
		name = "book file"
	}
	if l := strings.TrimSpace(cfg.Lang); l != "" && !validLang(l) {
		return &InputError{Msg: fmt.Sprintf("%s: lang: %q is not a language tag", name, cfg.Lang), Hint: hint}
	}
	// A book file read by config.Load is checked already; one made in code
	// is checked here.
	if cfg.ISBN != "" {
		if _, err := config.ISBN(cfg.ISBN); err != nil {
			return &InputError{Msg: fmt.Sprintf("%s: isbn: %v", name, err)}
		}
	}
	if cfg.Published != "" {
		if _, err := config.PublishedDate(cfg.Published); err != nil {
			return &InputError{Msg: fmt.Sprintf("%s: published: %v", name, err)}
		}
	}
	return nil
}

// checkPostLangs takes away, with a warning, the language of each post
// whose lang is not a BCP 47 tag: such a post takes the book's. It returns
// the other posts, whose language may be detected.
func checkPostLangs(posts []*book.Post, rep *book.Report) []*book.Post {
	ok := make([]*book.Post, 0, len(posts))
	for _, p := range posts {
		if l := strings.TrimSpace(p.Lang); l != "" && !validLang(l) {
			rep.Warn(p.Source, 0, "post %q: language %q is not a language tag (BCP 47); the post takes the book's language", p.Title, p.Lang)
			p.Lang = ""
			continue
		}
		ok = append(ok, p)
	}
	return ok
}

// validLang reports whether s is a well-formed BCP 47 tag with known
// subtags, as EPUB reading systems and validators want.
func validLang(s string) bool {
	_, err := language.Parse(s)
	return err == nil
}

// fetchHook is how the image stage downloads the images on the web of
// every source, when --fetch-images asks for it; nil otherwise.
func fetchHook(opts source.Options) func(context.Context, []string) ([][]byte, []error) {
	if !opts.FetchImages {
		return nil
	}
	f := opts.Fetch
	f.Enabled = true
	return media.NewFetcher(f).GetAll
}

// newestPost is the build date when none is given: the newest post's, so
// that a book never depends on when it was made.
func newestPost(posts []*book.Post) time.Time {
	var newest time.Time
	for _, p := range posts {
		if !p.Draft && p.Date.After(newest) {
			newest = p.Date
		}
	}
	if newest.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return newest.UTC()
}

// selectPosts leaves out drafts, posts dated after the build date and posts
// expired by then, counting them, unless drafts are asked for.
// compose writes the posts' text in composed form (NFC), as a browser
// shows it: Korean typed on a Mac as jamo one after another (ᄒ ᅡ ᆫ) is
// the syllable (한) that fonts draw, and é stays one character however
// it was typed. Where it already is, and that is nearly always, nothing
// is copied.
func compose(posts []*book.Post) {
	str := func(s *string) {
		if !norm.NFC.IsNormalString(*s) {
			*s = norm.NFC.String(*s)
		}
	}
	for _, p := range posts {
		if !norm.NFC.IsNormal(p.Body) {
			p.Body = norm.NFC.Bytes(p.Body)
		}
		str(&p.Title)
		str(&p.Summary)
		str(&p.Author)
		for i := range p.Tags {
			str(&p.Tags[i])
		}
		for i := range p.Categories {
			str(&p.Categories[i])
		}
	}
}

func selectPosts(posts []*book.Post, date time.Time, drafts bool, rep *book.Report) []*book.Post {
	if drafts {
		return posts
	}
	kept := posts[:0:0]
	for _, p := range posts {
		switch {
		case p.Draft:
			rep.Skip("draft")
		case p.Date.After(date):
			rep.Skip("future")
		case !p.Expires.IsZero() && !p.Expires.After(date):
			rep.Skip("expired")
		default:
			kept = append(kept, p)
		}
	}
	return kept
}

// assignPostIDs names the posts in date order, before they are parsed:
// the IDs prefix every id inside a post, so they must not depend on the
// chapters made later. They become file names and anchors, so they are
// plain ASCII.
func assignPostIDs(posts []*book.Post) {
	sorted := append([]*book.Post(nil), posts...)
	theme.SortPosts(sorted)
	width := max(len(strconv.Itoa(len(sorted))), 3)
	for i, p := range sorted {
		p.ID = fmt.Sprintf("p%0*d", width, i+1)
	}
}

// nameUntitled gives a post or chapter without a title the book's word
// for it, so that every one has a line in the contents and the outline.
func nameUntitled(b *book.Book) {
	untitled := b.Locale().Untitled
	for _, c := range b.Chapters {
		if strings.TrimSpace(c.Title) == "" {
			c.Title = untitled
		}
		for _, p := range c.Posts {
			if strings.TrimSpace(p.Title) == "" {
				p.Title = untitled
			}
		}
	}
}

// assignChapterIDs names the chapters in reading order.
func assignChapterIDs(b *book.Book) {
	for i, c := range b.Chapters {
		c.ID = fmt.Sprintf("c%02d", i+1)
	}
}

// group runs the theme stage on the posts' parsed text, with the book
// file's themes as rules.
func group(cfg *config.Config, opts theme.Options, posts []*book.Post, docs markup.Docs, rep *book.Report) ([]*book.Chapter, error) {
	chapters, themeRep, err := theme.Group(posts, themeOptions(cfg, opts, docs))
	if err != nil {
		name := cfg.Path
		if name == "" {
			name = "book file"
		}
		return nil, &InputError{Msg: fmt.Sprintf("%s: themes: %v", name, err)}
	}
	rep.Merge(themeRep)
	return chapters, nil
}

// themeOptions adds to opts the book file's themes as rules, and the
// posts' running text as parsed.
func themeOptions(cfg *config.Config, opts theme.Options, docs markup.Docs) theme.Options {
	opts.Rules = append(append([]theme.Rule(nil), opts.Rules...), Rules(cfg)...)
	opts.Prose = func(p *book.Post) string {
		if d := docs[p.ID]; d != nil {
			return d.Prose()
		}
		return ""
	}
	return opts
}

// SuggestThemes returns the book file themes that make the chapters of a
// plan again (what "plan --write" writes).
func SuggestThemes(opts Options, res *Result) ([]theme.Rule, error) {
	cfg := opts.BookFile
	if cfg == nil {
		cfg = &config.Config{}
	}
	return theme.Suggest(res.Book.Chapters, themeOptions(cfg, opts.Themes, res.Docs))
}

// Rules are the book file's themes as the theme stage takes them.
func Rules(cfg *config.Config) []theme.Rule {
	var rules []theme.Rule
	for _, t := range cfg.Themes {
		rules = append(rules, theme.Rule{
			Name:        t.Name,
			Description: t.Description,
			Match:       t.Match,
			Aliases:     t.Aliases,
			Keywords:    t.Keywords,
			Posts:       t.Posts,
		})
	}
	return rules
}

// identifier derives the book's identifier from its title and author, so
// that a new edition of the same book keeps it.
func identifier(title, author string) string {
	return "urn:uuid:" + uuid.NewV5(uuid.NamespaceURL, "anthology:"+title+"\x00"+author).String()
}

func first(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// mostCommon returns the value of field most posts share, ties broken by
// the value itself; empty values do not count.
func mostCommon(posts []*book.Post, field func(*book.Post) string) string {
	counts := map[string]int{}
	for _, p := range posts {
		if v := strings.TrimSpace(field(p)); v != "" {
			counts[v]++
		}
	}
	best, bestN := "", 0
	for v, n := range counts {
		if n > bestN || (n == bestN && v < best) {
			best, bestN = v, n
		}
	}
	return best
}

// mainAuthor is the author of at least half of the posts that name
// theirs, and the number of authors they name: a blog written by a team
// is no one member's book.
func mainAuthor(posts []*book.Post) (string, int) {
	counts := map[string]int{}
	signed := 0
	for _, p := range posts {
		if a := strings.TrimSpace(p.Author); a != "" {
			counts[a]++
			signed++
		}
	}
	best := mostCommon(posts, func(p *book.Post) string { return p.Author })
	if best == "" || 2*counts[best] < signed {
		return "", len(counts)
	}
	return best, len(counts)
}

// siteLang is the language a site's settings give, when it is a language
// tag; a site's "locale" may be anything.
func siteLang(tag string) string {
	if _, err := language.Parse(tag); err != nil {
		return ""
	}
	return tag
}

// genericNames are names of folders and files that say where a blog's
// posts are kept, not what the blog is called: a book made from
// "blog/src" or "site/atom.xml" is named after "blog" or "site".
var genericNames = map[string]bool{
	"src": true, "source": true, "content": true, "contents": true, "public": true, "site": true, "www": true,
	"docs": true, "posts": true, "_posts": true, "post": true, "blog": true, "feed": true, "atom": true, "rss": true,
	"index": true, "export": true, "wordpress": true, "output": true, "dist": true, "build": true, "_site": true,
}

// isGenericName reports whether a source's name says nothing of the blog:
// a generic folder or file name, or a version ("v2").
func isGenericName(base string) bool {
	base = strings.ToLower(base)
	if genericNames[base] {
		return true
	}
	if len(base) >= 2 && base[0] == 'v' {
		_, err := strconv.Atoi(base[1:])
		return err == nil
	}
	return false
}

// DefaultTitle makes a title from the first source's name, or from the
// folder above it when that name is a generic one ("src", "public", "v2",
// "atom.xml").
func DefaultTitle(src string) string {
	clean := filepath.Clean(src)
	if abs, err := filepath.Abs(clean); err == nil {
		clean = abs
	}
	base := filepath.Base(clean)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	for isGenericName(base) {
		parent := filepath.Dir(clean)
		if parent == clean || filepath.Base(parent) == string(filepath.Separator) {
			break
		}
		clean = parent
		base = strings.TrimSuffix(filepath.Base(clean), filepath.Ext(filepath.Base(clean)))
	}
	words := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	if len(words) == 0 {
		return "Anthology"
	}
	return strings.Join(words, " ")
}
