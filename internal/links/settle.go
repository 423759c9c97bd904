package links

import (
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/anthology-book/anthology/internal/markup"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/idna"
)

// Settled counts what Settle did to the links that name no post.
type Settled struct {
	// SiteLinks are links to pages of the blog that are not in the book,
	// dropped (their text kept) because the blog's address is unknown.
	SiteLinks int
	// Unplaced are links to pages of the blog not in the book whose web
	// address is unknown even with the site's (Zola's @/ links, relative
	// links of a post whose own address is unknown), dropped likewise.
	Unplaced int
	// Absolute are such links made web addresses with the blog's address.
	Absolute int
	// Fragments are links to a place in the post that the post lacks,
	// dropped with their text kept.
	Fragments int
	// Unsafe are links with a scheme a book must not follow (javascript:,
	// data:, file:), dropped with their text kept.
	Unsafe int
	// Malformed are links to an address that is not one (a host with a
	// "!" in it, a space), which a reading system could not open nor
	// epubcheck accept, dropped with their text kept.
	Malformed int
	// Enlarge are links around an image that open the image itself, which
	// the book already shows: the link goes, the image stays.
	Enlarge int
	// First is, by kind of dropped link (dropSite…), the first one: its
	// post's file and its address, for the warning to point at.
	First map[outcome]Dropped
	// Posts are, by kind of dropped link, how many posts had one.
	Posts map[outcome]int
}

// Dropped is a link Settle removed: the file of its post and its address.
type Dropped struct{ Source, Dest string }

func (s *Settled) add(o Settled) {
	s.SiteLinks += o.SiteLinks
	s.Unplaced += o.Unplaced
	s.Absolute += o.Absolute
	s.Fragments += o.Fragments
	s.Unsafe += o.Unsafe
	s.Malformed += o.Malformed
	s.Enlarge += o.Enlarge
	for k, v := range o.First {
		s.drop(k, v)
		if s.Posts == nil {
			s.Posts = map[outcome]int{}
		}
		s.Posts[k] += max(o.Posts[k], 1)
	}
}

// drop keeps the first link dropped of its kind.
func (s *Settled) drop(k outcome, d Dropped) {
	if _, ok := s.First[k]; ok {
		return
	}
	if s.First == nil {
		s.First = map[outcome]Dropped{}
	}
	s.First[k] = d
}

// Settle gives every link of d that Rewrite left a destination a reader
// can follow from the book: a place in the post that exists (scoped as
// the post's ids are), or an absolute web address. A link to a page of the
// blog not in the book becomes absolute with the site's address, or, when
// that is unknown, is dropped with its text kept; so is a link into the
// post to an id it lacks, and a link to an address that is not one. A
// link around an image that opens the image itself is dropped and the
// image stays. Call it after Rewrite.
func (r *Resolver) Settle(d *markup.Doc) Settled {
	var out Settled
	ids := docIDs(d)
	var unwrap []*ast.Link
	var unlink []*ast.AutoLink
	_ = ast.Walk(d.Root, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if a, ok := node.(*ast.AutoLink); ok && entering && a.AutoLinkType == ast.AutoLinkURL {
			if dest := string(a.URL(d.Source)); malformedWeb(dest) {
				unlink = append(unlink, a)
				out.Malformed++
				out.drop(dropMalformed, Dropped{Source: d.Post.Source, Dest: dest})
			}
			return ast.WalkSkipChildren, nil
		}
		l, ok := node.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		dest := invisibleFree(strings.TrimSpace(string(l.Destination)))
		if _, _, ok := markup.ParsePostHref(dest); ok || dest == "" {
			return ast.WalkContinue, nil
		}
		if opensImage(l, dest, d.Source) {
			unwrap = append(unwrap, l)
			out.Enlarge++
			return ast.WalkContinue, nil
		}
		href, kind := r.settle(d, ids, dest)
		if kind == dropSite && r.site.origin != "" {
			kind = dropUnplaced
		}
		if kind != keep && kind != madeAbsolute {
			// as the post wrote it, without the prefix its ids were given
			written := dest
			if id, ok := strings.CutPrefix(dest, "#"+d.Prefix); ok && d.Prefix != "" {
				written = "#" + id
			}
			if w := markup.WrittenDest(l); w != "" {
				written = w
			}
			out.drop(kind, Dropped{Source: d.Post.Source, Dest: written})
		}
		switch kind {
		case keep:
			l.Destination = []byte(href)
		case madeAbsolute:
			l.Destination = []byte(href)
			out.Absolute++
		case dropSite:
			unwrap = append(unwrap, l)
			out.SiteLinks++
		case dropUnplaced:
			unwrap = append(unwrap, l)
			out.Unplaced++
		case dropFragment:
			unwrap = append(unwrap, l)
			out.Fragments++
		case dropUnsafe:
			unwrap = append(unwrap, l)
			out.Unsafe++
		case dropMalformed:
			unwrap = append(unwrap, l)
			out.Malformed++
		}
		return ast.WalkContinue, nil
	})
	// Changing the tree while walking it would skip nodes.
	for _, l := range unwrap {
		unwrapLink(l)
	}
	for _, a := range unlink {
		a.Parent().ReplaceChild(a.Parent(), a, ast.NewString(a.Label(d.Source)))
	}
	return out
}

type outcome int

const (
	keep outcome = iota
	madeAbsolute
	dropSite
	dropUnplaced // dropSite when the site's address is known
	dropFragment
	dropUnsafe
	dropMalformed
)

// settle decides what becomes of one link destination of d that names no
// post of the book.
func (r *Resolver) settle(d *markup.Doc, ids map[string]bool, dest string) (string, outcome) {
	if frag, ok := strings.CutPrefix(dest, "#"); ok {
		if id := localID(d, ids, frag); id != "" {
			return "#" + id, keep
		}
		return "", dropFragment
	}
	if rest, ok := strings.CutPrefix(dest, "@/"); ok {
		// A Zola section's list page is at its folder's address; a page
		// that is not in the book may have set its own (path).
		if abs := r.zolaSection(rest); abs != "" {
			return abs, madeAbsolute
		}
		return "", dropSite
	}
	dest = webAddress(dest)
	u, err := url.Parse(dest)
	if err != nil {
		return "", dropMalformed
	}
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "javascript" || scheme == "vbscript" || scheme == "data" || scheme == "file":
		return "", dropUnsafe
	case scheme == "http" || scheme == "https":
		return webLink(asciiHost(dest, u))
	case scheme != "":
		return dest, keep
	case u.Host != "" || strings.HasPrefix(dest, "//"):
		return webLink("https:" + dest)
	}
	if abs := r.absolute(d, u); abs != "" {
		return abs, madeAbsolute
	}
	return "", dropSite
}

// asciiHost writes the host of a web address u (dest as written) in
// ASCII, as browsers send it (https://❤.example.org is
// https://xn--qei.example.org): a reading system refuses a host of other
// characters, and escaped they name no host. dest stays as it is when its
// host is ASCII or not a valid name.
func asciiHost(dest string, u *url.URL) string {
	host := u.Hostname()
	if isASCII(host) {
		return dest
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return dest
	}
	if port := u.Port(); port != "" {
		ascii += ":" + port
	}
	u.Host = ascii
	return u.String()
}

// webLink keeps a web address whose host is a host name or an IP
// address, and drops any other.
func webLink(href string) (string, outcome) {
	if malformedWeb(href) {
		return "", dropMalformed
	}
	return href, keep
}

// malformedWeb reports whether href, an http or https address, has no
// host a reading system can look up: none, or one with characters no
// host name has ("https://example.photo!", a typo; "a..b"), which a
// browser reports as an error and epubcheck warns of (RSC-023). Hosts
// in other scripts are first written in ASCII (asciiHost); an
// underscore, which browsers accept, is kept, and so is a trailing dot.
func malformedWeb(href string) bool {
	u, err := url.Parse(href)
	if err != nil {
		return true
	}
	if !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		return false
	}
	if strings.HasPrefix(u.Host, "[") {
		return false // an IPv6 address, which url.Parse checked
	}
	host := u.Hostname()
	if !isASCII(host) {
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return true
		}
		host = ascii
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return true
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || strings.IndexFunc(label, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
		}) >= 0 {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// invisibleFree drops from dest the zero-width characters that text
// copied from a web page carries along, raw or percent-encoded: a reader
// cannot see them, and they make the address's host invalid.
func invisibleFree(dest string) string {
	if strings.IndexFunc(dest, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) >= 0 {
		dest = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, dest)
	}
	if strings.Contains(dest, "%") {
		for _, enc := range []string{"%E2%80%8B", "%e2%80%8b", "%E2%80%8C", "%E2%80%8D", "%EF%BB%BF", "%ef%bb%bf"} {
			dest = strings.ReplaceAll(dest, enc, "")
		}
	}
	return dest
}

// webAddress gives a scheme to an address written without one, as
// browsers and blog engines read "www.example.com/x".
func webAddress(dest string) string {
	if len(dest) > 4 && strings.EqualFold(dest[:4], "www.") {
		return "https://" + dest
	}
	return dest
}

// absolute returns the web address of a site-relative or relative link
// of d, on the site's address, or "" when that is unknown.
func (r *Resolver) absolute(d *markup.Doc, u *url.URL) string {
	if r.site.origin == "" {
		return ""
	}
	if strings.HasPrefix(u.Path, "/") {
		return r.site.origin + u.EscapedPath() + query(u)
	}
	page := r.pageAddress(d)
	if page == "" {
		return ""
	}
	base, err := url.Parse(page)
	if err != nil {
		return ""
	}
	return base.ResolveReference(u).String()
}

// zolaSection returns the web address of the section a Zola internal
// link names by its _index.md (@/guides/_index.md#setup), on the site's
// address: its folder's path below the content folder, as Zola publishes
// it; "" for a link to anything else, or when the site's address is
// unknown.
func (r *Resolver) zolaSection(rest string) string {
	file, fragment, _ := strings.Cut(rest, "#")
	dir, ok := strings.CutSuffix(file, "_index.md")
	if !ok || r.site.origin == "" || (dir != "" && !strings.HasSuffix(dir, "/")) {
		return ""
	}
	u := &url.URL{Path: r.site.basePath + "/" + dir, Fragment: fragment}
	return r.site.origin + u.EscapedPath() + query(u)
}

func query(u *url.URL) string {
	s := ""
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		s += "#" + u.EscapedFragment()
	}
	return s
}

// pageAddress is the web address of d's post, for resolving its relative
// links: its first permalink, else the one the site's pattern gives.
func (r *Resolver) pageAddress(d *markup.Doc) string {
	if d.Post == nil {
		return ""
	}
	cands := append(append([]string(nil), d.Post.Permalinks...), r.site.expand(d.Post)...)
	for _, pl := range cands {
		pl = strings.TrimSpace(pl)
		switch {
		case strings.HasPrefix(pl, "http://") || strings.HasPrefix(pl, "https://"):
			return withSlash(pl)
		case strings.HasPrefix(pl, "/"):
			if r.site.basePath != "" && !strings.HasPrefix(strings.ToLower(pl), r.site.basePath+"/") {
				pl = r.site.basePath + pl
			}
			return withSlash(r.site.origin + pl)
		}
	}
	return ""
}

// withSlash ends a page address that names a folder with "/", so that
// relative links resolve inside it, as on the web.
func withSlash(s string) string {
	if strings.HasSuffix(s, "/") || path.Ext(s) != "" {
		return s
	}
	return s + "/"
}

// localID returns the id, as the post's ids are scoped, of the element of
// d that the fragment frag names, or "".
func localID(d *markup.Doc, ids map[string]bool, frag string) string {
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	frag = strings.TrimSpace(frag)
	if frag == "" {
		return ""
	}
	scoped := strings.Join(strings.Fields(strings.ReplaceAll(frag, ":", "-")), "-")
	for _, id := range []string{frag, d.Prefix + frag, scoped, d.Prefix + scoped} {
		if ids[id] {
			return id
		}
	}
	if id, ok := d.HeadingAliases[strings.ToLower(strings.TrimPrefix(frag, d.Prefix))]; ok && ids[id] {
		return id // "#peer-使用", as Hugo names the heading
	}
	// Generators make a heading's id each their own way ("std's" is
	// "stds" to goldmark and kramdown, "std-s" to Zola): an id that is the
	// only one with the fragment's letters and digits is the one meant.
	// Kramdown drops the letters outside ASCII ("Résumé" is "rsum"):
	// failing a match on every letter, one on ASCII's.
	for _, loose := range []func(string) string{looseID, asciiID} {
		want, found := loose(strings.TrimPrefix(frag, d.Prefix)), ""
		if want == "" {
			continue
		}
		for id := range ids {
			if loose(strings.TrimPrefix(id, d.Prefix)) != want {
				continue
			}
			if found != "" {
				return "" // two: neither is meant
			}
			found = id
		}
		if found != "" {
			return found
		}
	}
	return ""
}

// asciiID is an id's ASCII letters and digits, in lower case.
func asciiID(id string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToLower(r)
		}
		return -1
	}, looseID(id))
}

// looseID is an id's letters and digits, in lower case.
func looseID(id string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, id)
}

// docIDs returns the ids of d's elements that its XHTML keeps: the others
// are no place to link to.
func docIDs(d *markup.Doc) map[string]bool {
	ids := map[string]bool{}
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if num, ok := markup.IsFootnote(n); ok {
			ids[markup.FootnoteID(d.Prefix, num)] = true
		}
		if id, ok := n.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok && markup.KeepsID(string(b)) {
				ids[string(b)] = true
			}
		}
		return ast.WalkContinue, nil
	})
	return ids
}

// imageExts are the extensions of the files a "click to enlarge" link
// opens.
var imageExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true,
	".svg": true, ".avif": true, ".bmp": true, ".tif": true, ".tiff": true,
}

// opensImage reports whether l holds only an image and opens an image
// file (that one, or a larger copy of it): the book shows the image, and
// a reader cannot enlarge it by following a link.
func opensImage(l *ast.Link, dest string, src []byte) bool {
	var img *ast.Image
	for c := l.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Image:
			if img != nil {
				return false
			}
			img = v
		case *ast.Text:
			if strings.TrimSpace(string(v.Value(src))) != "" {
				return false
			}
		default:
			return false
		}
	}
	if img == nil {
		return false
	}
	if dest == string(img.Destination) {
		return true
	}
	p := dest
	if u, err := url.Parse(dest); err == nil {
		p = u.Path
	}
	return imageExts[strings.ToLower(path.Ext(p))]
}

// unwrapLink puts l's children in its place.
func unwrapLink(l *ast.Link) {
	parent := l.Parent()
	if parent == nil {
		return
	}
	for c := l.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, l, c)
		c = next
	}
	parent.RemoveChild(parent, l)
}
