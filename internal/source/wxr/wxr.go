// Package wxr is the source for WordPress exports (WXR, the XML file that
// Tools → Export writes). It streams the file one <item> at a time, keeps
// the published posts and turns their HTML into Markdown; pages, drafts,
// attachments and the rest are counted in the report, not read.
package wxr

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/htmlconv"
	"github.com/anthology-book/anthology/internal/source/media"
	"github.com/anthology-book/anthology/internal/source/slug"
	"golang.org/x/net/html/charset"
)

// Namespace is the start of the wp: namespace of every WXR version
// ("http://wordpress.org/export/1.2/"); WordPress.com writes it with
// https. An export is told by the local names of its elements, whatever
// the namespace says (see IsExport).
const Namespace = "http://wordpress.org/export/"

// exportNames are local names of elements only a WordPress export has.
var exportNames = map[string]bool{"wxr_version": true, "post_type": true, "post_id": true, "base_site_url": true, "base_blog_url": true}

// isWPNamespace reports whether a namespace is a WXR one: any version,
// http or https.
func isWPNamespace(ns string) bool {
	ns = strings.TrimPrefix(strings.TrimPrefix(ns, "http://"), "https://")
	return strings.HasPrefix(ns, "wordpress.org/export/")
}

// IsExport reports whether an <rss> document whose root element is root
// is a WordPress export: its root declares a WXR namespace (any version,
// http or https), or an element that follows in dec has a name only
// exports use (wxr_version, post_type…), whatever its namespace. dec is
// read on to its end or first error.
func IsExport(root xml.StartElement, dec *xml.Decoder) bool {
	if hasWPNamespace(root) {
		return true
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if t, ok := tok.(xml.StartElement); ok && (exportNames[t.Name.Local] || isWPNamespace(t.Name.Space)) {
			return true
		}
	}
}

// item is one <item> of the export, whatever its type.
type item struct {
	Title       string     `xml:"title"`
	Link        string     `xml:"link"`
	GUID        string     `xml:"guid"`
	Creator     string     `xml:"creator"`
	Encoded     []encoded  `xml:"encoded"`
	PostID      string     `xml:"post_id"`
	PostDate    string     `xml:"post_date"`
	PostDateGMT string     `xml:"post_date_gmt"`
	PostName    string     `xml:"post_name"`
	Status      string     `xml:"status"`
	PostParent  string     `xml:"post_parent"`
	MenuOrder   int        `xml:"menu_order"`
	PostType    string     `xml:"post_type"`
	Password    string     `xml:"post_password"`
	Attachment  string     `xml:"attachment_url"`
	Categories  []category `xml:"category"`
	Meta        []postmeta `xml:"postmeta"`
}

// postmeta is one of a post's custom fields.
type postmeta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

// blockNotes returns the texts of the block editor's footnotes, which it
// keeps in the post's "footnotes" field as JSON ([{"content", "id"}]),
// by id; nil when there are none or the field does not read.
func blockNotes(meta []postmeta) map[string]string {
	for _, m := range meta {
		if m.Key != "footnotes" {
			continue
		}
		var notes []struct {
			Content string `json:"content"`
			ID      string `json:"id"`
		}
		if json.Unmarshal([]byte(m.Value), &notes) != nil {
			return nil
		}
		out := map[string]string{}
		for _, n := range notes {
			if n.ID != "" {
				out[n.ID] = n.Content
			}
		}
		return out
	}
	return nil
}

// encoded is content:encoded or excerpt:encoded, told apart by namespace.
type encoded struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type category struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

type author struct {
	Login   string `xml:"author_login"`
	Display string `xml:"author_display_name"`
}

// attachment is what a [gallery] needs of an attachment item.
type attachment struct {
	id, parent, url, title string
	order                  int
}

// reader holds the state of one export while it streams.
type reader struct {
	ctx         context.Context
	name        string
	lib         *media.Library
	rep         *book.Report
	lang        string
	authors     map[string]string
	attachments map[string]attachment
	galleries   []gallery
	posts       []*book.Post
	postIDs     []string // wp:post_id of posts[i]
	site        book.Site
	authorCount int
}

// gallery is a [gallery] shortcode waiting for the attachments, which an
// export may list after the post that shows them.
type gallery struct {
	post  int
	attrs map[string]string
}

// Load reads the WordPress export r, named name in messages and in each
// post's Source. lib resolves images to files of its asset tree; it may be
// nil. Posts that are not published blog posts are counted in
// rep.Skipped by reason.
func Load(ctx context.Context, r io.Reader, name string, lib *media.Library, rep *book.Report) ([]*book.Post, error) {
	posts, _, err := LoadWithSite(ctx, r, name, lib, rep)
	return posts, err
}

// LoadWithSite is Load that also returns what the export's channel says
// of the blog: its title, address and language, and its author when the
// export has only one.
func LoadWithSite(ctx context.Context, r io.Reader, name string, lib *media.Library, rep *book.Report) ([]*book.Post, book.Site, error) {
	rd := &reader{ctx: ctx, name: name, lib: lib, rep: rep, authors: map[string]string{}, attachments: map[string]attachment{}}
	if err := rd.stream(r); err != nil {
		return nil, book.Site{}, err
	}
	rd.fillGalleries()
	rd.site.Lang = rd.lang
	rd.site.From = book.FileName(name)
	if rd.authorCount == 1 {
		for _, a := range rd.authors {
			rd.site.Author = a
		}
	}
	return rd.posts, rd.site, nil
}

func (rd *reader) stream(r io.Reader) error {
	dec := xml.NewDecoder(r)
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	var stack []string
	sawRoot, sawWP := false, false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return xmlError(rd.name, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot {
				sawRoot = true
				if t.Name.Local != "rss" {
					return &book.SourceError{File: rd.name, Err: fmt.Errorf("not a WordPress export: the root element is <%s>, not <rss>", t.Name.Local)}
				}
				sawWP = hasWPNamespace(t)
			}
			if isWPNamespace(t.Name.Space) || exportNames[t.Name.Local] {
				sawWP = true
			}
			if err := rd.element(dec, t, stack); err != nil {
				return err
			}
			if err := rd.ctx.Err(); err != nil {
				return err
			}
			if consumed(t) {
				continue
			}
			stack = append(stack, t.Name.Local)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if !sawRoot {
		return &book.SourceError{File: rd.name, Err: errors.New("empty file: no XML element")}
	}
	if !sawWP {
		return &book.SourceError{File: rd.name, Err: errors.New("not a WordPress export: no wp: namespace")}
	}
	return nil
}

// consumed reports whether element decoded t's whole subtree.
func consumed(t xml.StartElement) bool {
	switch t.Name.Local {
	case "item", "author", "language", "title", "link", "base_blog_url":
		return true
	}
	return false
}

func hasWPNamespace(t xml.StartElement) bool {
	for _, a := range t.Attr {
		if isWPNamespace(a.Value) {
			return true
		}
	}
	return false
}

// element handles the channel-level elements a post needs; it decodes an
// <item> whole, one at a time, so that only one post's HTML is ever held.
func (rd *reader) element(dec *xml.Decoder, t xml.StartElement, stack []string) error {
	switch t.Name.Local {
	case "item":
		line, _ := dec.InputPos()
		var it item
		if err := dec.DecodeElement(&it, &t); err != nil {
			return xmlError(rd.name, dec, err)
		}
		return rd.item(&it, line)
	case "author":
		var a author
		if err := dec.DecodeElement(&a, &t); err != nil {
			return xmlError(rd.name, dec, err)
		}
		if a.Login != "" && strings.TrimSpace(a.Display) != "" {
			rd.authors[a.Login] = strings.TrimSpace(html.UnescapeString(a.Display))
		}
		rd.authorCount++
	case "language", "title", "link", "base_blog_url":
		var s string
		if err := dec.DecodeElement(&s, &t); err != nil {
			return xmlError(rd.name, dec, err)
		}
		if len(stack) == 0 || stack[len(stack)-1] != "channel" {
			return nil
		}
		s = strings.TrimSpace(html.UnescapeString(s))
		switch t.Name.Local {
		case "language":
			rd.lang = s
		case "title":
			rd.site.Title = s
		case "link":
			rd.site.BaseURL = first(rd.site.BaseURL, s)
		case "base_blog_url":
			rd.site.BaseURL = s // the blog's own address, where link may be the site's
		}
	}
	return nil
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// xmlError names the file, line and column of malformed XML.
func xmlError(name string, dec *xml.Decoder, err error) error {
	line, col := dec.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &book.SourceError{File: name, Line: se.Line, Err: fmt.Errorf("malformed XML (column %d): %s", col, se.Msg)}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &book.SourceError{File: name, Line: line, Err: errors.New("malformed XML: the file ends inside an element")}
	}
	return &book.SourceError{File: name, Line: line, Err: fmt.Errorf("read XML (column %d): %w", col, err)}
}

// skipReason says why an item is not a post of the book, or "" when it is
// one.
func skipReason(it *item) string {
	switch typ := strings.TrimSpace(it.PostType); typ {
	case "post", "":
	case "nav_menu_item":
		return "menu item"
	case "attachment", "page", "revision":
		return typ
	default:
		return "post type " + typ
	}
	switch status := strings.TrimSpace(it.Status); status {
	case "publish", "":
	case "draft", "auto-draft", "pending":
		return "draft"
	case "future":
		return "scheduled"
	default:
		return status
	}
	return ""
}

func (rd *reader) item(it *item, line int) error {
	if strings.TrimSpace(it.PostType) == "attachment" {
		id := strings.TrimSpace(it.PostID)
		rd.attachments[id] = attachment{id: id, parent: strings.TrimSpace(it.PostParent), url: strings.TrimSpace(it.Attachment), title: html.UnescapeString(it.Title), order: it.MenuOrder}
	}
	if reason := skipReason(it); reason != "" {
		rd.rep.Skip(reason)
		return nil
	}
	if it.Password != "" {
		// The blog shows it only to readers given the password: a book
		// that printed it would publish what its author kept back.
		rd.rep.Warn(rd.name, line, "post %q is password-protected: left out", strings.TrimSpace(html.UnescapeString(it.Title)))
		return nil
	}
	p := &book.Post{
		Title:    strings.TrimSpace(html.UnescapeString(it.Title)),
		Slug:     strings.TrimSpace(it.PostName),
		Lang:     rd.lang,
		Source:   rd.name,
		BodyLine: line,
		Author:   rd.authors[strings.TrimSpace(it.Creator)],
	}
	if id := strings.TrimSpace(it.PostID); id != "" {
		p.SourceID = "wordpress:" + id
	}
	if p.Author == "" {
		p.Author = strings.TrimSpace(it.Creator)
	}
	if p.Title == "" {
		p.Title = book.LocaleFor(rd.lang).Untitled
		rd.rep.Warn(rd.name, line, "post %q has no title: called it %q", it.PostID, p.Title)
	}
	if p.Slug == "" {
		p.Slug = slug.Make(p.Title)
	}
	p.Date = rd.date(it, p.Title, line)
	for _, l := range []string{it.Link, it.GUID} {
		if l = strings.TrimSpace(l); l != "" && !contains(p.Permalinks, l) {
			p.Permalinks = append(p.Permalinks, l)
		}
	}
	for _, c := range it.Categories {
		name := strings.TrimSpace(html.UnescapeString(c.Name))
		switch {
		case name == "":
		case c.Domain == "category" && c.Nicename != "uncategorized" && !contains(p.Categories, name):
			p.Categories = append(p.Categories, name)
		case c.Domain == "post_tag" && !contains(p.Tags, name):
			p.Tags = append(p.Tags, name)
		}
	}
	if rd.lib != nil {
		p.Assets, p.AssetDir = rd.lib.FS(), "."
	}
	index := len(rd.posts)
	opts := htmlconv.Options{
		Image: func(src string) (string, bool) { return rd.image(src, line) },
		Gallery: func(attrs map[string]string) string {
			rd.galleries = append(rd.galleries, gallery{post: index, attrs: attrs})
			return "<p>" + placeholder(len(rd.galleries)-1) + "</p>"
		},
		Warn: func(format string, args ...any) {
			rd.rep.Warn(rd.name, line, "%q: %s", p.Title, fmt.Sprintf(format, args...))
		},
		Notes: blockNotes(it.Meta),
	}
	for _, e := range it.Encoded {
		var err error
		switch {
		case isKind(e.XMLName.Space, "content"):
			var body string
			body, err = htmlconv.WordPress(e.Text, opts)
			p.Body = []byte(body)
		case isKind(e.XMLName.Space, "excerpt") && strings.TrimSpace(e.Text) != "":
			p.Summary, err = htmlconv.Convert(e.Text, htmlconv.Options{})
			p.Summary = strings.TrimSpace(p.Summary)
		}
		if err != nil {
			return &book.SourceError{File: rd.name, Line: line, Err: fmt.Errorf("convert %q: %w", p.Title, err)}
		}
	}
	rd.posts = append(rd.posts, p)
	rd.postIDs = append(rd.postIDs, strings.TrimSpace(it.PostID))
	return nil
}

// isKind tells content:encoded from excerpt:encoded by their namespace,
// kind being "content" or "excerpt": its URI (".../content/",
// ".../excerpt/"), or the bare prefix of an export that declares none.
func isKind(space, kind string) bool {
	return space == kind || strings.Contains(space, "/"+kind+"/")
}

const wpTime = "2006-01-02 15:04:05"

// date is the post's moment from post_date_gmt, told in the blog's own
// zone when post_date, the blog's local time, says which: the day the blog
// showed (and put in its addresses) is the day the book prints. A post
// dated only by post_date is warned about: the zone is unknown.
func (rd *reader) date(it *item, title string, line int) time.Time {
	if gmt := strings.TrimSpace(it.PostDateGMT); gmt != "" && !strings.HasPrefix(gmt, "0000") {
		if t, err := time.Parse(wpTime, gmt); err == nil {
			return inBlogZone(t, strings.TrimSpace(it.PostDate))
		}
		rd.rep.Warn(rd.name, line, "%q: post_date_gmt %q is not a date", title, gmt)
	}
	if local := strings.TrimSpace(it.PostDate); local != "" && !strings.HasPrefix(local, "0000") {
		if t, err := time.Parse(wpTime, local); err == nil {
			rd.rep.Warn(rd.name, line, "%q: no post_date_gmt; dated from post_date, the blog's local time (zone unknown, taken as UTC)", title)
			return t
		}
		rd.rep.Warn(rd.name, line, "%q: post_date %q is not a date", title, local)
	}
	rd.rep.Warn(rd.name, line, "%q has no date", title)
	return time.Time{}
}

// inBlogZone tells gmt in the zone whose wall time is local, when the
// two differ by whole quarters of an hour within a day, as zones do.
func inBlogZone(gmt time.Time, local string) time.Time {
	l, err := time.Parse(wpTime, local)
	if err != nil {
		return gmt
	}
	off := l.Sub(gmt)
	if off == 0 || off%(15*time.Minute) != 0 || off < -14*time.Hour || off > 14*time.Hour {
		return gmt
	}
	return gmt.In(time.FixedZone("", int(off/time.Second)))
}

func (rd *reader) image(src string, line int) (string, bool) {
	if rd.lib == nil {
		return "", false
	}
	return rd.lib.Resolve(rd.ctx, src, func(format string, args ...any) {
		rd.rep.Warn(rd.name, line, format, args...)
	})
}

// placeholder stands for the i-th gallery until the attachments are known;
// letters and digits only, so the Markdown converter leaves it alone.
func placeholder(i int) string { return "anthologygallery" + strconv.Itoa(i) + "end" }

// fillGalleries replaces each gallery placeholder by its images: those its
// ids attribute lists, else the attachments of the post.
func (rd *reader) fillGalleries() {
	for i, g := range rd.galleries {
		p := rd.posts[g.post]
		var atts []attachment
		if ids := htmlconv.GalleryIDs(g.attrs); len(ids) > 0 {
			for _, id := range ids {
				if a, ok := rd.attachments[id]; ok {
					atts = append(atts, a)
				} else {
					rd.rep.Warn(rd.name, p.BodyLine, "%q: [gallery] lists attachment %q, which the export does not hold", p.Title, id)
				}
			}
		} else {
			atts = rd.childrenOf(rd.postIDs[g.post])
		}
		if len(atts) == 0 {
			rd.rep.Warn(rd.name, p.BodyLine, "%q: [gallery] removed: no images found for it", p.Title)
		}
		var md strings.Builder
		for _, a := range atts {
			md.WriteString(rd.galleryImage(a, p.BodyLine))
			md.WriteString("\n\n")
		}
		p.Body = []byte(strings.Replace(string(p.Body), placeholder(i), strings.TrimSpace(md.String()), 1))
	}
}

func (rd *reader) childrenOf(postID string) []attachment {
	var atts []attachment
	for _, a := range rd.attachments {
		if a.parent == postID && postID != "" {
			atts = append(atts, a)
		}
	}
	sort.Slice(atts, func(i, j int) bool {
		if atts[i].order != atts[j].order {
			return atts[i].order < atts[j].order
		}
		a, _ := strconv.Atoi(atts[i].id)
		b, _ := strconv.Atoi(atts[j].id)
		return a < b
	})
	return atts
}

func (rd *reader) galleryImage(a attachment, line int) string {
	alt := markdownText(a.title)
	if ref, ok := rd.image(a.url, line); ok {
		return "![" + alt + "](<" + ref + ">)"
	}
	if alt == "" {
		alt = "Image"
	}
	return "[" + alt + "](<" + a.url + ">)"
}

// markdownText escapes the characters that would end or mark up a link
// text.
func markdownText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, `_`, `\_`, "`", "\\`", "<", `\<`)
	return r.Replace(strings.TrimSpace(s))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
