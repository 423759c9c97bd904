// Package feed is the source for a blog's feeds: RSS 2.0 (and 1.0), Atom
// and JSON Feed, read with gofeed. Each item becomes a post with its HTML
// turned into Markdown. The pages of a paged feed are separate files; the
// source package merges the items they share.
package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/htmlconv"
	"github.com/anthology-book/anthology/internal/source/media"
	"github.com/anthology-book/anthology/internal/source/slug"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
)

// Load reads the feed in data, named name in messages and in each post's
// Source. lib resolves images to files of its asset tree; it may be nil.
func Load(ctx context.Context, data []byte, name string, lib *media.Library, rep *book.Report) ([]*book.Post, error) {
	posts, _, err := LoadWithSite(ctx, data, name, lib, rep)
	return posts, err
}

// LoadWithSite is Load that also returns what the feed's head says of the
// blog: its title, author, address and language.
func LoadWithSite(ctx context.Context, data []byte, name string, lib *media.Library, rep *book.Report) ([]*book.Post, book.Site, error) {
	posts, f, err := loadFeed(ctx, data, name, lib, rep)
	if err != nil || f == nil {
		return posts, book.Site{}, err
	}
	return posts, book.Site{
		Title:   strings.TrimSpace(html.UnescapeString(f.Title)),
		Author:  author(f.Authors, f.Author),
		Lang:    strings.TrimSpace(f.Language),
		BaseURL: strings.TrimSpace(f.Link),
		From:    book.FileName(name),
	}, nil
}

func loadFeed(ctx context.Context, data []byte, name string, lib *media.Library, rep *book.Report) ([]*book.Post, *gofeed.Feed, error) {
	isJSON := bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\uFEFF"))), []byte("{"))
	// gofeed's errors do not say where; encoding/xml's and encoding/json's do.
	if isJSON {
		if err := checkJSON(data, name); err != nil {
			return nil, nil, err
		}
	} else if err := checkXML(data, name); err != nil {
		return nil, nil, err
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, nil, &book.SourceError{File: name, Err: errors.New("not a feed: neither RSS, Atom nor JSON Feed")}
		}
		return nil, nil, &book.SourceError{File: name, Err: fmt.Errorf("read feed: %w", err)}
	}
	var texts map[int]string
	switch {
	case isJSON:
		texts = jsonTextItems(data)
	case f.FeedType == "atom":
		texts = atomTextEntries(data, f)
	}
	if len(f.Items) == 0 {
		rep.Warn(name, 0, "the feed has no items")
	}
	blogger, err := bloggerOf(f, data, name, rep)
	if err != nil {
		return nil, nil, err
	}
	var posts []*book.Post
	untitled, pages := 0, 0
	for i, it := range f.Items {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if blogger != nil {
			e := &blogger[i]
			switch e.kind() {
			case "post", "":
			case "page":
				pages++
				continue
			default:
				continue // the blog's settings, template and comments
			}
			if s := e.status(); s != "" && s != "draft" {
				rep.Skip(s)
				continue
			}
			fromBlogger(it, e, f.Link)
		}
		text, textOnly := texts[i]
		if textOnly {
			it.Content = text
		}
		p, err := post(ctx, f, it, textOnly, name, lib, rep)
		if err != nil {
			return nil, nil, err
		}
		if blogger != nil {
			// Left to the pipeline, which counts drafts and keeps them
			// with --drafts.
			p.Draft = blogger[i].status() == "draft"
			if id := strings.TrimSpace(blogger[i].ID); id != "" {
				p.SourceID = "blogger:" + id
			}
		}
		if strings.TrimSpace(it.Title) == "" {
			untitled++
		}
		posts = append(posts, p)
	}
	if untitled > 0 {
		rep.Warn(name, 0, "%d of its items have no title: each is called by the start of its text", untitled)
	}
	if pages > 0 {
		rep.Note("%s: Blogger pages left out, as they are not posts: %d", book.FileName(name), pages)
	}
	return posts, f, nil
}

// bloggerOf reads the entries of a Blogger export, in the order of f's
// items; nil for any other feed. When the export does not give the blog's
// address (Takeout's does not), it is found in the links between posts.
func bloggerOf(f *gofeed.Feed, data []byte, name string, rep *book.Report) ([]bloggerEntry, error) {
	if f.FeedType != "atom" {
		return nil, nil
	}
	blogger := bloggerEntries(data, f.Generator)
	if blogger == nil {
		return nil, nil
	}
	if len(blogger) != len(f.Items) {
		return nil, &book.SourceError{File: name, Err: fmt.Errorf("read Blogger export: %d entries, of which the feed reader found %d", len(blogger), len(f.Items))}
	}
	if strings.TrimSpace(f.Link) == "" {
		contents := make([]string, len(f.Items))
		for i, it := range f.Items {
			contents[i] = it.Content
		}
		if f.Link = guessBlogAddress(blogger, contents); f.Link != "" {
			rep.Note("%s: the blog's address, which the export does not give, taken from the links between its posts: %s", book.FileName(name), f.Link)
		}
	}
	return blogger, nil
}

// fromBlogger sets on it what a Blogger export says of the post: its
// labels (never its kind) and the address it was published at.
func fromBlogger(it *gofeed.Item, e *bloggerEntry, blog string) {
	it.Categories = e.labels()
	if a := e.address(blog); a != "" {
		it.Link = a
	}
	it.Content = fullSizePictures(withBlogspotCom(it.Content))
}

func post(ctx context.Context, f *gofeed.Feed, it *gofeed.Item, textOnly bool, name string, lib *media.Library, rep *book.Report) (*book.Post, error) {
	p := &book.Post{
		Title:  strings.TrimSpace(html.UnescapeString(it.Title)),
		Lang:   strings.TrimSpace(f.Language),
		Source: name,
		Author: author(it.Authors, it.Author),
	}
	if p.Author == "" {
		p.Author = author(f.Authors, f.Author)
	}
	// Only the post's own address and id: an Atom entry's other links point
	// at its comments, feeds or enclosures.
	for _, l := range []string{it.Link, it.GUID} {
		if l = strings.TrimSpace(l); l != "" && !contains(p.Permalinks, l) {
			p.Permalinks = append(p.Permalinks, l)
		}
	}
	for _, c := range it.Categories {
		if c = strings.TrimSpace(html.UnescapeString(c)); c != "" && !contains(p.Tags, c) {
			p.Tags = append(p.Tags, c)
		}
	}
	untitled := p.Title == ""
	if untitled {
		// A note (micro.blog, Mastodon) has none: the start of its text
		// names it, as a reader of the feed lists it.
		p.Title = "Untitled"
	}
	switch {
	case it.PublishedParsed != nil:
		p.Date = keepZone(it.Published, *it.PublishedParsed)
	case it.UpdatedParsed != nil:
		p.Date = keepZone(it.Updated, *it.UpdatedParsed)
	case it.Published != "" || it.Updated != "":
		rep.Warn(name, 0, "%q: date %q not understood; the post is undated", p.Title, it.Published+it.Updated)
	default:
		rep.Warn(name, 0, "%q has no date (neither published nor updated)", p.Title)
	}
	if it.UpdatedParsed != nil && it.PublishedParsed != nil {
		p.Lastmod = keepZone(it.Updated, *it.UpdatedParsed)
	}
	if lib != nil {
		p.Assets, p.AssetDir = lib.FS(), "."
	}
	opts := htmlconv.Options{
		Image: func(src string) (string, bool) {
			if lib == nil {
				return "", false
			}
			return lib.Resolve(ctx, absolute(src, it.Link), func(format string, args ...any) {
				rep.Warn(name, 0, format, args...)
			})
		},
		Warn: func(format string, args ...any) { rep.Warn(name, 0, "%q: %s", p.Title, fmt.Sprintf(format, args...)) },
	}
	content := it.Content
	if strings.TrimSpace(content) == "" {
		content = it.Description
	} else if d := strings.TrimSpace(it.Description); d != "" {
		p.Summary = summary(d)
	}
	var body string
	var err error
	switch {
	case textOnly && f.FeedType == "json" && mediaTag.MatchString(content):
		// A JSON Feed's content_text is text, but micro.blog's holds the
		// post's source with its pictures as HTML.
		body, err = htmlconv.TextWithHTML(content, opts)
	case textOnly || !htmlconv.IsHTML(content):
		body, err = htmlconv.Plain(content, opts)
	default:
		body, err = htmlconv.Convert(content, opts)
	}
	if err != nil {
		return nil, &book.SourceError{File: name, Err: fmt.Errorf("convert %q: %w", p.Title, err)}
	}
	if untitled {
		text := content
		if textOnly || !htmlconv.IsHTML(content) {
			text = html.EscapeString(content)
		}
		if t := htmlconv.Opening(text, maxTitleRunes); t != "" {
			p.Title = t
		}
	}
	p.Slug = slugOf(it.Link, p.Title)
	// An item without text is told of once its copies in other sources
	// (the same blog's RSS, Atom and JSON feeds) are merged: by the loader.
	p.Body = []byte(body)
	return p, nil
}

// maxTitleRunes is the longest title taken from a note's text.
const maxTitleRunes = 60

// layouts are the date forms feeds use, tried to keep the zone the feed
// gives, which gofeed's parsed dates drop.
var layouts = []string{time.RFC3339Nano, time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", time.RFC822Z, time.RFC822}

// keepZone returns the date raw gives in its own zone, except that GMT and
// +00:00 become UTC; parsed is gofeed's reading, used when no layout fits.
func keepZone(raw string, parsed time.Time) time.Time {
	t := parsed
	for _, l := range layouts {
		if v, err := time.Parse(l, strings.TrimSpace(raw)); err == nil && v.Equal(parsed) {
			t = v
			break
		}
	}
	if _, off := t.Zone(); off == 0 {
		return t.UTC()
	}
	return t
}

func author(people []*gofeed.Person, one *gofeed.Person) string {
	for _, p := range append(people, one) {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			return strings.TrimSpace(p.Name)
		}
	}
	return ""
}

func summary(description string) string {
	var s string
	var err error
	if htmlconv.IsHTML(description) {
		s, err = htmlconv.Convert(description, htmlconv.Options{})
	} else {
		s, err = htmlconv.Plain(description, htmlconv.Options{})
	}
	if err != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// slugOf takes the last segment of the post's address, as the blog named
// it, else makes one from the title.
func slugOf(link, title string) string {
	if u, err := url.Parse(link); err == nil {
		if base := path.Base(strings.TrimSuffix(u.Path, "/")); base != "." && base != "/" && base != "" {
			if s := slug.Make(strings.TrimSuffix(base, path.Ext(base))); s != "" {
				return s
			}
		}
	}
	return slug.Make(title)
}

// absolute resolves an image address relative to the post's own address.
func absolute(src, base string) string {
	b, err := url.Parse(base)
	if err != nil || b.Scheme == "" {
		return src
	}
	s, err := url.Parse(src)
	if err != nil {
		return src
	}
	return b.ResolveReference(s).String()
}

// mediaTag is a picture, a player or a link written in HTML, which a text
// that holds one means as HTML ("<angle>" brackets stay text).
var mediaTag = regexp.MustCompile(`(?i)<(?:img|a|iframe|video|audio)\s[^>]*>`)

// jsonTextItems returns, by index, the content_text of the items of a
// JSON Feed that show nothing in content_html (none, or a placeholder
// comment such as Hugo's "<!-- raw HTML omitted -->"): gofeed hands
// either over as Content, and prefers the HTML.
func jsonTextItems(data []byte) map[int]string {
	var f struct {
		Items []struct {
			HTML string `json:"content_html"`
			Text string `json:"content_text"`
		} `json:"items"`
	}
	if json.Unmarshal(data, &f) != nil {
		return nil
	}
	m := map[int]string{}
	for i, it := range f.Items {
		if htmlconv.Blank(it.HTML) && strings.TrimSpace(it.Text) != "" {
			m[i] = it.Text
		}
	}
	return m
}

// atomTextEntries returns, by index, the text of the entries of an Atom
// feed whose content (or, without content, summary) says type="text":
// what looks like a tag in it ("#include <stdio.h>") is text to show, and
// its blank lines part paragraphs, but gofeed hands it over as it hands
// over HTML. An element without a type is left to be told by its text,
// as the feeds that leave out type="html" are many.
func atomTextEntries(data []byte, f *gofeed.Feed) map[int]string {
	type text struct {
		Type string `xml:"type,attr"`
	}
	var doc struct {
		Entries []struct {
			Content *text `xml:"content"`
			Summary *text `xml:"summary"`
		} `xml:"entry"`
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	if dec.Decode(&doc) != nil || len(doc.Entries) != len(f.Items) {
		return nil
	}
	m := map[int]string{}
	for i, e := range doc.Entries {
		it := f.Items[i]
		switch {
		case e.Content != nil && strings.TrimSpace(it.Content) != "":
			if strings.EqualFold(strings.TrimSpace(e.Content.Type), "text") {
				m[i] = it.Content
			}
		case e.Summary != nil && strings.EqualFold(strings.TrimSpace(e.Summary.Type), "text") && strings.TrimSpace(it.Description) != "":
			m[i] = it.Description
		}
	}
	return m
}

// checkJSON reports malformed JSON with its line.
func checkJSON(data []byte, name string) error {
	var v any
	err := json.Unmarshal(data, &v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return &book.SourceError{File: name, Line: line, Err: fmt.Errorf("malformed JSON: %v", err)}
	}
	return &book.SourceError{File: name, Err: fmt.Errorf("malformed JSON: %w", err)}
}

// checkXML reads the whole document so that malformed XML is reported
// with its line and column.
func checkXML(data []byte, name string) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			line, col := dec.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return &book.SourceError{File: name, Line: se.Line, Err: fmt.Errorf("malformed XML (column %d): %s", col, se.Msg)}
			}
			return &book.SourceError{File: name, Line: line, Err: fmt.Errorf("read XML (column %d): %w", col, err)}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
