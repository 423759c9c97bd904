package feed

import (
	"bytes"
	"encoding/xml"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// A Blogger export is an Atom feed, but one that holds the whole blog:
// its settings, its template, its pages and comments beside its posts,
// each entry's kind told by a category (the "Back up content" file,
// blog-MM-DD-YYYY.xml) or by a blogger:type element (Google Takeout's
// feed.atom). Read as a plain feed it would print all of them as posts,
// drafts included, and take the kind for a label.
const (
	kindScheme = "http://schemas.google.com/g/2005#kind"
	kindPrefix = "http://schemas.google.com/blogger/2008/kind#"
	takeoutNS  = "http://schemas.google.com/blogger/2018"
)

// bloggerEntry is what a Blogger export says of an entry that gofeed does
// not read: its kind, whether it is published, its labels and its address.
type bloggerEntry struct {
	ID         string             `xml:"id"`
	Categories []bloggerCategory  `xml:"category"`
	Links      []bloggerLink      `xml:"link"`
	Draft      string             `xml:"control>draft"` // app:control, in either version of the app namespace
	Type       bloggerTakeoutText `xml:"type"`
	Status     bloggerTakeoutText `xml:"status"`
	Filename   bloggerTakeoutText `xml:"filename"`
}

type bloggerCategory struct {
	Scheme string `xml:"scheme,attr"`
	Term   string `xml:"term,attr"`
}

type bloggerLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

// bloggerTakeoutText is the text of a Takeout element, kept only when it
// is in Takeout's namespace: an Atom element of the same local name is
// something else.
type bloggerTakeoutText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

func (t bloggerTakeoutText) value() string {
	if t.XMLName.Space != takeoutNS {
		return ""
	}
	return strings.TrimSpace(t.Text)
}

// bloggerEntries reads the entries of data, in order, when it is a Blogger
// export or feed; nil when it is not. generator is what gofeed read of the
// feed's generator.
func bloggerEntries(data []byte, generator string) []bloggerEntry {
	var f struct {
		Entries []bloggerEntry `xml:"entry"`
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	if dec.Decode(&f) != nil {
		return nil
	}
	if strings.EqualFold(strings.TrimSpace(generator), "Blogger") {
		return f.Entries
	}
	for _, e := range f.Entries {
		if e.kind() != "" {
			return f.Entries
		}
	}
	return nil
}

// kind is the entry's kind in lower case: "post", "page", "comment",
// "settings", "template"; "" when the entry does not say.
func (e *bloggerEntry) kind() string {
	if t := e.Type.value(); t != "" {
		return strings.ToLower(t)
	}
	for _, c := range e.Categories {
		if strings.TrimSpace(c.Scheme) == kindScheme {
			if k, ok := strings.CutPrefix(strings.TrimSpace(c.Term), kindPrefix); ok {
				return k
			}
		}
	}
	return ""
}

// status is what became of a post: "" when published, "draft" for a
// draft, else Takeout's status in lower case ("deleted", "soft_trashed").
func (e *bloggerEntry) status() string {
	if strings.EqualFold(strings.TrimSpace(e.Draft), "yes") {
		return "draft"
	}
	switch s := strings.ToLower(e.Status.value()); s {
	case "", "live":
		return ""
	case "soft_trashed", "trashed":
		return "trashed"
	default:
		return s
	}
}

// labels are the post's labels: every category but the kind. The backup
// file gives them the scheme http://www.blogger.com/atom/ns#, Takeout
// none.
func (e *bloggerEntry) labels() []string {
	var out []string
	for _, c := range e.Categories {
		term := strings.TrimSpace(c.Term)
		if term == "" || strings.TrimSpace(c.Scheme) == kindScheme || strings.HasPrefix(term, kindPrefix) {
			continue
		}
		out = append(out, term)
	}
	return out
}

// address is where the blog published the post: the backup file's
// alternate HTML link, else Takeout's file name below the blog's address
// (site-relative when the feed does not give that).
func (e *bloggerEntry) address(blog string) string {
	for _, l := range e.Links {
		if strings.TrimSpace(l.Rel) == "alternate" && strings.TrimSpace(l.Type) == "text/html" && strings.TrimSpace(l.Href) != "" {
			return strings.TrimSpace(l.Href)
		}
	}
	name := e.Filename.value()
	if name == "" {
		return ""
	}
	name = "/" + strings.TrimPrefix(name, "/")
	if b, err := url.Parse(strings.TrimSpace(blog)); err == nil && b.Host != "" {
		return b.ResolveReference(&url.URL{Path: name}).String()
	}
	return name
}

// countryHost matches a blogspot.com address written with one of the
// country domains Blogger sent readers to for some years
// (name.blogspot.com.br, name.blogspot.co.uk, name.blogspot.fr): links
// between a blog's posts were often copied from the address bar then.
var countryHost = regexp.MustCompile(`(?i)(//[a-z0-9-]+\.blogspot)\.(?:com?\.)?[a-z]{2}\b([/:?#"']|$)`)

// withBlogspotCom writes the blogspot addresses of html with blogspot.com,
// the address the blog's posts are known by.
func withBlogspotCom(html string) string {
	if !strings.Contains(html, ".blogspot.") {
		return html
	}
	return countryHost.ReplaceAllString(html, "${1}.com$2")
}

// absoluteLink finds the addresses in a post's HTML.
var absoluteLink = regexp.MustCompile(`(?i)\b(https?)://([a-z0-9.-]+)(/[^\s"'<>?#]*)`)

// guessBlogAddress finds the blog's address for a Takeout file, whose
// head does not give it, in the links of its posts to one another: the
// host that most links name with a post's file name. Without it, such
// links could not be told from links to other sites. "" when no link
// names a post.
func guessBlogAddress(entries []bloggerEntry, contents []string) string {
	names := map[string]bool{}
	for i := range entries {
		if n := entries[i].Filename.value(); n != "" {
			names[strings.ToLower("/"+strings.TrimPrefix(n, "/"))] = true
		}
	}
	if len(names) == 0 {
		return ""
	}
	count := map[string]int{}
	scheme := map[string]string{}
	best := ""
	for _, c := range contents {
		for _, m := range absoluteLink.FindAllStringSubmatch(withBlogspotCom(c), -1) {
			host := strings.ToLower(m[2])
			if !names[strings.ToLower(m[3])] {
				continue
			}
			if scheme[host] == "" {
				scheme[host] = strings.ToLower(m[1])
			}
			count[host]++
			if best == "" || count[host] > count[best] || count[host] == count[best] && host < best {
				best = host
			}
		}
	}
	if best == "" {
		return ""
	}
	return scheme[best] + "://" + best + "/"
}

// fullSizePictures gives the pictures of a Blogger post their full size.
// Blogger shows a picture at a small size (s320, w400-h300) inside a link
// to the same picture at full size (s1600), which readers open with a
// click: a book has no click, so it prints the full size, as the blog's
// reader sees it.
func fullSizePictures(content string) string {
	if !strings.Contains(content, "<img") {
		return content
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(content), body, html.ParseOptionEnableScripting(false))
	if err != nil {
		return content
	}
	larger := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			if img := onlyImage(n); img != nil {
				src := attr(img, "src")
				if big, ok := fullSize(attr(n, "href"), src); ok && !strings.ContainsAny(src, "&\"'") {
					larger[src] = big
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	if len(larger) == 0 {
		return content
	}
	// The src attributes are replaced in the text as written, which the
	// conversion to Markdown then reads as it reads any post; in one pass,
	// so that a replacement is never replaced again.
	srcs := slices.Sorted(maps.Keys(larger))
	var pairs []string
	for _, src := range srcs {
		pairs = append(pairs, `src="`+src+`"`, `src="`+larger[src]+`"`, `src='`+src+`'`, `src='`+larger[src]+`'`)
	}
	return strings.NewReplacer(pairs...).Replace(content)
}

// onlyImage is the img that is a's only content, blanks aside; nil when
// a holds anything else.
func onlyImage(a *html.Node) *html.Node {
	var img *html.Node
	for c := a.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && c.DataAtom == atom.Img && img == nil:
			img = c
		default:
			return nil
		}
	}
	return img
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// sizeSegment is how Blogger's picture addresses give a size: a segment
// of the path (/s1600/, /w640-h480/, /s320-rw/) or, in newer addresses,
// the end of the last one (…=s1600, …=w640-h480).
var sizeSegment = regexp.MustCompile(`^[swh][0-9]+(-[a-z0-9]+)*$`)

// fullSize returns src at the size of href when both address the same
// picture on Blogger's picture hosts, at sizes that differ.
func fullSize(href, src string) (string, bool) {
	h, err1 := url.Parse(href)
	s, err2 := url.Parse(src)
	if err1 != nil || err2 != nil || !bloggerPictureHost(h.Host) || !bloggerPictureHost(s.Host) || h.RawQuery != "" || s.RawQuery != "" {
		return "", false
	}
	hs, ss := strings.Split(h.Path, "/"), strings.Split(s.Path, "/")
	if len(hs) != len(ss) {
		return "", false
	}
	at := -1
	for i := range hs {
		if hs[i] == ss[i] {
			continue
		}
		if at >= 0 {
			return "", false
		}
		at = i
	}
	if at < 0 {
		return "", false
	}
	big, small := hs[at], ss[at]
	bigStem, bigSize, bigHas := strings.Cut(big, "=")
	smallStem, smallSize, smallHas := strings.Cut(small, "=")
	switch {
	case bigHas && smallHas && bigStem == smallStem && sizeSegment.MatchString(bigSize) && sizeSegment.MatchString(smallSize):
		bigSize = strings.TrimSuffix(bigSize, "-h")
		ss[at] = smallStem + "=" + bigSize
	case !bigHas && !smallHas && sizeSegment.MatchString(big) && sizeSegment.MatchString(small):
		// s1600-h opened a page showing the picture, s1600 the picture.
		ss[at] = strings.TrimSuffix(big, "-h")
	default:
		return "", false
	}
	s.Path = strings.Join(ss, "/")
	s.RawPath = ""
	return s.String(), true
}

// bloggerPictureHost reports whether host serves the pictures Blogger
// stores: blogger.googleusercontent.com, 1.bp.blogspot.com,
// lh3.googleusercontent.com…
func bloggerPictureHost(host string) bool {
	host = strings.ToLower(host)
	return strings.HasSuffix(host, ".googleusercontent.com") || strings.HasSuffix(host, ".bp.blogspot.com") || host == "bp.blogspot.com" || strings.HasSuffix(host, ".blogger.com") && strings.HasPrefix(host, "bp")
}
