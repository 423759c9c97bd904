// Package links points links between posts inside the book. It runs after
// parsing and before rendering: it rewrites, in each post's goldmark AST,
// the destination of every link that names another post of the book (by
// permalink, by the site's permalink pattern, by relative path, by slug or
// by Hugo's ref/relref) to markup.PostHref, which each renderer maps to the
// post's place in its output. Links to anything else stay as they are.
package links

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"
)

// Site says where the blog lived on the web, as the book file gives it.
type Site struct {
	// BaseURL is the blog's address, e.g. "https://example.org" or
	// "https://example.org/blog/".
	BaseURL string
	// Permalinks is the pattern of the posts' addresses below BaseURL, e.g.
	// "/:year/:month/:day/:slug/". Tokens: :year :month :day :slug :title
	// :section :filename.
	Permalinks string
}

// Resolve rewrites the links between posts of every doc and returns how
// many it rewrote, which it also notes in rep (shown by compile -v). An
// address two posts share (a slug, say) names neither and is left alone.
func Resolve(b *book.Book, docs markup.Docs, site Site, rep *book.Report) int {
	r := New(b, docs, site)
	n := 0
	var s Settled
	for _, p := range b.Posts() {
		if d := docs[p.ID]; d != nil {
			n += r.Rewrite(d)
			s.add(r.Settle(d))
		}
	}
	if rep != nil {
		rep.Note("links: rewrote %d link%s between posts to point inside the book", n, plural(n))
		report(s, rep)
	}
	return n
}

// report says once, for the whole book, what Settle changed.
func report(s Settled, rep *book.Report) {
	// "88 links … (in 32 posts; first here: …)": the warning names the
	// first post's file, but counts them all.
	warn := func(k outcome, n int, noun, rest string) {
		if n == 0 {
			return
		}
		first := s.First[k]
		dest := first.Dest
		if u, err := url.PathUnescape(dest); err == nil && utf8.ValidString(u) && !strings.ContainsFunc(u, unicode.IsControl) {
			dest = u // as the author wrote it: "#résumé", not "#r%C3%A9sum%C3%A9"
		}
		if r := []rune(dest); len(r) > 60 { // a data: address may be a whole image
			dest = string(r[:59]) + "…"
		}
		where := "first here: " + dest
		if posts := s.Posts[k]; posts > 1 {
			where = fmt.Sprintf("in %d posts; first here: %s", posts, dest)
		}
		rep.Warn(first.Source, 0, "%d %s%s %s (%s)", n, noun, plural(n), rest, where)
	}
	warn(dropSite, s.SiteLinks, "link", "to pages of the blog that are not in the book removed, their text kept (give the blog's address, baseURL in the book file, to keep them as web links)")
	warn(dropUnplaced, s.Unplaced, "link", "to pages or files of the blog that are not in the book, and whose web address is unknown, removed, their text kept")
	warn(dropFragment, s.Fragments, "link", "to a place a post does not have removed, their text kept")
	warn(dropUnsafe, s.Unsafe, "javascript:, data: or file: link", "removed, their text kept")
	warn(dropMalformed, s.Malformed, "link", "to an address that is not one (a typo such as a host with \"!\" or a space in it) removed, their text kept")
	if s.Absolute > 0 {
		rep.Note("links: %d link%s to pages of the blog not in the book point at the blog on the web", s.Absolute, plural(s.Absolute))
	}
	if s.Enlarge > 0 {
		rep.Note("links: %d link%s around an image to the image itself removed; the images stay", s.Enlarge, plural(s.Enlarge))
	}
}

// Resolver knows every address a post of the book had.
type Resolver struct {
	site   site
	docs   markup.Docs
	byKey  map[string]*book.Post // normalized address -> post
	byFile map[string]*book.Post // path of the post's file in its asset tree
	bySlug map[string]*book.Post
	ambig  map[string]bool            // kind and key that name two posts
	ids    map[string]map[string]bool // the ids of a post's doc, once looked at
}

// site is Site parsed once.
type site struct {
	host     string // lower case, without "www." and default port
	origin   string // "https://example.org", as the base URL writes it; "" when unknown
	basePath string // "" or "/blog"
	pattern  string
}

// New indexes the posts of b. docs may be nil; with them, a link's
// fragment is kept only when the target post has that element.
func New(b *book.Book, docs markup.Docs, s Site) *Resolver {
	r := &Resolver{
		docs:   docs,
		byKey:  map[string]*book.Post{},
		byFile: map[string]*book.Post{},
		bySlug: map[string]*book.Post{},
		ambig:  map[string]bool{},
		site:   parseSite(s),
	}
	for _, p := range b.Posts() {
		for _, pl := range p.Permalinks {
			r.add("key:", r.byKey, r.site.key(pl), p)
		}
		for _, pl := range r.site.expand(p) {
			r.add("key:", r.byKey, r.site.key(pl), p)
		}
		if f := postFile(p); f != "" {
			r.add("file:", r.byFile, strings.ToLower(f), p)
		}
		r.add("slug:", r.bySlug, strings.ToLower(p.Slug), p)
		if stem := fileStem(p); stem != "" && !strings.EqualFold(stem, p.Slug) {
			r.add("slug:", r.bySlug, strings.ToLower(stem), p)
		}
	}
	return r
}

// add indexes p under kind and key unless another post holds them already,
// in which case the key names neither: a guess could send the reader to
// the wrong post.
func (r *Resolver) add(kind string, m map[string]*book.Post, key string, p *book.Post) {
	if key == "" || r.ambig[kind+key] {
		return
	}
	if q, ok := m[key]; ok && q != p {
		delete(m, key)
		r.ambig[kind+key] = true
		return
	}
	m[key] = p
}

// Lookup returns the book address of the post dest names, seen from the
// post from (whose folder relative paths start in), and whether it names
// one. dest is a link destination as written in the post.
func (r *Resolver) Lookup(from *book.Post, dest string) (string, bool) {
	dest = strings.TrimSpace(dest)
	if dest == "" || strings.HasPrefix(dest, "#") {
		return "", false
	}
	if _, _, ok := markup.ParsePostHref(dest); ok {
		return "", false
	}
	rest, fragment, _ := strings.Cut(dest, "#")
	rest, _, _ = strings.Cut(rest, "?")
	var p *book.Post
	if zola, ok := strings.CutPrefix(rest, "@/"); ok {
		// Zola's internal link: the path of the post's file below content/
		p = r.findFile(zola)
	} else {
		p = r.find(from, webAddress(rest))
	}
	if p == nil {
		return "", false
	}
	return markup.PostHref(p.ID, r.fragment(p, fragment)), true
}

func (r *Resolver) find(from *book.Post, dest string) *book.Post {
	u, err := url.Parse(dest)
	if err != nil {
		return nil
	}
	switch {
	case u.Scheme == "http" || u.Scheme == "https" || (u.Scheme == "" && u.Host != ""):
		if p := r.byKey[hostKey(u.Host)+cleanPath(u.EscapedPath())]; p != nil {
			return p
		}
		if r.site.host == "" || hostKey(u.Host) != r.site.host {
			return nil
		}
		return r.findSitePath(u.EscapedPath())
	case u.Scheme != "" || u.Opaque != "":
		return nil // mailto:, ftp:, tel: ...
	case strings.HasPrefix(u.Path, "/"):
		if p := r.findSitePath(u.EscapedPath()); p != nil {
			return p
		}
		return r.findFile(strings.TrimPrefix(u.Path, "/"))
	default:
		return r.findRelative(from, u.Path)
	}
}

// findSitePath finds a post by its address on the site: its permalink,
// else the last segment of the address as a slug.
func (r *Resolver) findSitePath(escaped string) *book.Post {
	p := cleanPath(escaped)
	if q := r.byKey[p]; q != nil {
		return q
	}
	if b := r.site.basePath; b != "" && strings.HasPrefix(p, b+"/") {
		p = strings.TrimPrefix(p, b)
		if q := r.byKey[p]; q != nil {
			return q
		}
	}
	return r.findSlug(p)
}

// findSlug finds a post by the last segment of an address, as a slug or a
// file name without extension.
func (r *Resolver) findSlug(p string) *book.Post {
	segs := strings.Split(strings.Trim(path.Clean("/"+strings.ToLower(p)), "/"), "/")
	if listPages[segs[0]] {
		return nil
	}
	last := segs[len(segs)-1]
	if ext := path.Ext(last); isPostExt(ext) || ext == ".html" {
		last = strings.TrimSuffix(last, ext)
	}
	return r.bySlug[last]
}

// listPages are the first segments of a blog's addresses that list posts
// rather than show one, where a last segment is a tag, not a post's slug.
var listPages = map[string]bool{
	"tags": true, "tag": true, "categories": true, "category": true,
	"page": true, "author": true, "authors": true, "series": true, "archives": true,
}

// findRelative finds a post by a path relative to from's file, by a path
// below the content folder as Hugo's ref gives it, or by slug.
func (r *Resolver) findRelative(from *book.Post, rel string) *book.Post {
	if u, err := url.PathUnescape(rel); err == nil {
		rel = u
	}
	if from != nil && isPostExt(path.Ext(rel)) {
		if p := r.byFile[strings.ToLower(path.Join(from.AssetDir, rel))]; p != nil {
			return p
		}
	}
	if p := r.findFile(rel); p != nil {
		return p
	}
	return r.findSlug(rel)
}

// findFile finds a post by the path of its file, whole or as its last
// segments ("posts/x.md" or "x.md"), with or without extension.
func (r *Resolver) findFile(name string) *book.Post {
	name = strings.ToLower(strings.Trim(path.Clean("/"+name), "/"))
	if name == "" {
		return nil
	}
	if p := r.byFile[name]; p != nil {
		return p
	}
	var found *book.Post
	for f, p := range r.byFile {
		stem := strings.TrimSuffix(f, path.Ext(f))
		if f == name || stem == name || strings.HasSuffix(f, "/"+name) || strings.HasSuffix(stem, "/"+name) ||
			(path.Base(stem) == "index" && (path.Dir(stem) == name || strings.HasSuffix(path.Dir(stem), "/"+name))) {
			if found != nil && found != p {
				return nil // two posts end so; neither is meant
			}
			found = p
		}
	}
	return found
}

// fragment returns the id, in the book, of the element frag names in p, or
// "" when p has no such element (the link then opens the post).
func (r *Resolver) fragment(p *book.Post, frag string) string {
	if frag == "" || r.docs == nil {
		return ""
	}
	d := r.docs[p.ID]
	if d == nil {
		return ""
	}
	if r.ids == nil {
		r.ids = map[string]map[string]bool{}
	}
	ids, ok := r.ids[p.ID]
	if !ok {
		ids = docIDs(d)
		r.ids[p.ID] = ids
	}
	return localID(d, ids, frag)
}

// Rewrite points the links of d that name posts of the book inside it and
// returns how many it rewrote. Autolinks become ordinary links, keeping
// their text.
func (r *Resolver) Rewrite(d *markup.Doc) int {
	type swap struct {
		old ast.Node
		new *ast.Link
	}
	var swaps []swap
	n := 0
	_ = ast.Walk(d.Root, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := node.(type) {
		case *ast.Link:
			if href, ok := r.Lookup(d.Post, string(l.Destination)); ok {
				l.Destination = []byte(href)
				n++
			}
		case *ast.AutoLink:
			if l.AutoLinkType != ast.AutoLinkURL {
				return ast.WalkContinue, nil
			}
			if href, ok := r.Lookup(d.Post, string(l.URL(d.Source))); ok {
				link := ast.NewLink()
				link.Destination = []byte(href)
				link.AppendChild(link, ast.NewString(l.Label(d.Source)))
				swaps = append(swaps, swap{l, link})
				n++
			}
		}
		return ast.WalkContinue, nil
	})
	// Replacing nodes while walking would skip siblings.
	for _, s := range swaps {
		s.old.Parent().ReplaceChild(s.old.Parent(), s.old, s.new)
	}
	return n
}

func parseSite(s Site) site {
	out := site{pattern: strings.TrimSpace(s.Permalinks)}
	base := strings.TrimSpace(s.BaseURL)
	if base == "" {
		return out
	}
	if !strings.Contains(base, "://") {
		base = "https://" + base
	}
	u, err := url.Parse(base)
	if err != nil {
		return out
	}
	out.host = hostKey(u.Host)
	if u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
		out.origin = u.Scheme + "://" + u.Host
	}
	out.basePath = cleanPath(u.EscapedPath())
	return out
}

// key normalizes a permalink for lookup: "host/path" for an absolute one
// (the site's own host dropped), "/path" for a site-relative one.
func (s site) key(permalink string) string {
	permalink = strings.TrimSpace(permalink)
	if permalink == "" {
		return ""
	}
	permalink, _, _ = strings.Cut(permalink, "#")
	permalink, _, _ = strings.Cut(permalink, "?")
	u, err := url.Parse(permalink)
	if err != nil {
		return ""
	}
	if u.Host == "" {
		return cleanPath("/" + strings.TrimPrefix(u.EscapedPath(), "/"))
	}
	if h := hostKey(u.Host); h != s.host {
		return h + cleanPath(u.EscapedPath())
	}
	p := cleanPath(u.EscapedPath())
	if s.basePath != "" {
		p = strings.TrimPrefix(p, s.basePath)
	}
	return p
}

// hostKey compares hosts as browsers reach them: case, "www." and the
// default ports make no difference.
func hostKey(host string) string {
	host = strings.ToLower(host)
	host = strings.TrimSuffix(strings.TrimSuffix(host, ":80"), ":443")
	return strings.TrimPrefix(host, "www.")
}

// cleanPath normalizes the path of an address: unescaped, lower case, no
// trailing slash or index page, so that "/a/B/" and "/a/b/index.html" meet.
func cleanPath(escaped string) string {
	p, err := url.PathUnescape(escaped)
	if err != nil {
		p = escaped
	}
	p = strings.ToLower(p)
	for _, index := range []string{"/index.html", "/index.htm", "/index.php"} {
		p = strings.TrimSuffix(p, index)
	}
	p = strings.TrimSuffix(p, ".html")
	p = path.Clean("/" + p)
	if p == "/" {
		return ""
	}
	return p
}

// expand returns the addresses the site's permalink pattern gives p: one
// per way the pattern's :slug may have been filled.
func (s site) expand(p *book.Post) []string {
	pat := s.pattern
	if pat == "" || !strings.Contains(pat, ":") {
		return nil
	}
	if !p.Dated() && (strings.Contains(pat, ":year") || strings.Contains(pat, ":month") || strings.Contains(pat, ":day")) {
		return nil
	}
	slugs := []string{p.Slug}
	if t := Slugify(p.Title); t != "" && t != p.Slug {
		slugs = append(slugs, t)
	}
	var out []string
	for _, slug := range slugs {
		r := strings.NewReplacer(
			":year", p.Date.Format("2006"),
			":month", p.Date.Format("01"),
			":day", p.Date.Format("02"),
			":i_month", p.Date.Format("1"),
			":i_day", p.Date.Format("2"),
			":short_year", p.Date.Format("06"),
			":y_day", p.Date.Format("002"),
			":slug", slug,
			":title", Slugify(p.Title),
			":section", section(p),
			":filename", fileStem(p),
			// Jekyll's: the categories in lower case, one folder each
			// (none leaves an empty segment, which the lookup drops),
			// and the page's extension.
			":categories", strings.ToLower(strings.Join(p.Categories, "/")),
			":output_ext", ".html",
		)
		a := r.Replace(pat)
		for strings.Contains(a, "//") { // an empty :categories
			a = strings.ReplaceAll(a, "//", "/")
		}
		out = append(out, a)
	}
	return out
}

// Slugify makes an address segment from a title the way blog engines do:
// lower case ASCII letters and digits joined by hyphens, accents dropped.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	return b.String()
}

// postFile is the path of p's file inside its asset tree, or "".
func postFile(p *book.Post) string {
	if p.Source == "" || p.Assets == nil {
		return ""
	}
	return path.Join(p.AssetDir, path.Base(strings.ReplaceAll(p.Source, "\\", "/")))
}

// fileStem is p's file name without extension; a Hugo page bundle
// (".../name/index.md") is named by its folder.
func fileStem(p *book.Post) string {
	if p.Source == "" {
		return ""
	}
	src := strings.ReplaceAll(p.Source, "\\", "/")
	base := path.Base(src)
	stem := strings.TrimSuffix(base, path.Ext(base))
	if stem == "index" || stem == "_index" {
		stem = path.Base(path.Dir(src))
	}
	return stem
}

// section is the folder of p's file below its source, as Hugo's :section.
func section(p *book.Post) string {
	if p.AssetDir != "" && p.AssetDir != "." {
		return strings.Split(p.AssetDir, "/")[0]
	}
	return path.Base(path.Dir(strings.ReplaceAll(p.Source, "\\", "/")))
}

func isPostExt(ext string) bool {
	ext = strings.ToLower(ext)
	return ext == ".md" || ext == ".markdown"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
