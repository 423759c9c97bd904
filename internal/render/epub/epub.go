// Package epub renders a book as an EPUB 3: one XHTML document per post,
// nested under its chapter in both tables of contents. go-epub builds the
// container; a finishing pass (finish.go) adds what go-epub cannot express
// and makes the bytes depend on the book alone.
package epub

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	goepub "github.com/go-shiori/go-epub"

	"github.com/anthology-book/anthology/assets"
	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/imaging"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/parallel"
)

// Options tunes the EPUB.
type Options struct {
	// PostDone, when set, is called as each post's page is made, to show
	// progress; it is called from several goroutines at once.
	PostDone func()
	// Cover is the cover image, shown first; nil for none.
	Cover *book.Asset
	// MaxImageSide is the long side, in pixels, larger images are scaled
	// down to; 0 means imaging.DefaultMaxSide.
	MaxImageSide int
}

// Write renders b as an EPUB 3 to w.
func Write(ctx context.Context, w io.Writer, b *book.Book, docs markup.Docs, opts Options, rep *book.Report) error {
	// go-epub writes its scratch files to the system's temporary folder (its
	// default), not to memory: a big blog's pages would otherwise be held
	// twice more while the book is zipped.
	e, err := goepub.NewEpub(b.Title)
	if err != nil {
		return fmt.Errorf("start EPUB: %w", err)
	}
	e.SetAuthor(b.Author)
	e.SetLang(b.Lang)
	e.SetIdentifier(b.Identifier)
	e.SetDescription(b.Description)
	css, err := e.AddCSS(dataURL("text/css", assets.BookCSS), "book.css")
	if err != nil {
		return fmt.Errorf("add stylesheet: %w", err)
	}
	r := &renderer{e: e, book: b, docs: docs, css: css, rep: rep, images: &imageCache{images: map[string]*preparedImage{}}, added: map[string]bool{}, opts: opts}
	return r.write(ctx, w)
}

type renderer struct {
	e      *goepub.Epub
	book   *book.Book
	docs   markup.Docs
	css    string
	rep    *book.Report
	images *imageCache
	added  map[string]bool // image files given to go-epub
	opts   Options
}

func (r *renderer) write(ctx context.Context, w io.Writer) error {
	if c := r.opts.Cover; c != nil {
		addr, err := r.e.AddImage(dataURL(c.MediaType, c.Data), c.Name)
		if err != nil {
			return fmt.Errorf("add cover: %w", err)
		}
		if err := r.e.SetCover(addr, ""); err != nil {
			return fmt.Errorf("add cover: %w", err)
		}
	}
	if _, err := r.e.AddSection(r.titlePage(), r.book.Title, titleFile, r.css); err != nil {
		return fmt.Errorf("add title page: %w", err)
	}
	if _, err := r.e.AddSection(r.contentsPage(), contentsTitle(r.book.Lang), contentsFile, r.css); err != nil {
		return fmt.Errorf("add contents page: %w", err)
	}
	pages, err := r.postPages(ctx)
	if err != nil {
		return err
	}
	for _, c := range r.book.Chapters {
		if err := ctx.Err(); err != nil {
			return err
		}
		parent, err := r.e.AddSection(r.chapterPage(c), c.Title, chapterFile(c), r.css)
		if err != nil {
			return fmt.Errorf("add chapter %q: %w", c.Title, err)
		}
		for _, p := range c.Posts {
			page := pages[p.ID]
			r.rep.Merge(&page.rep)
			for _, img := range page.images {
				if err := r.addImage(img); err != nil {
					return fmt.Errorf("add image of %q: %w", p.Source, err)
				}
			}
			if _, err := r.e.AddSubSection(parent, page.body, p.Title, postFile(p), r.css); err != nil {
				return fmt.Errorf("add post %q: %w", p.Title, err)
			}
		}
	}
	pages = nil
	var raw bytes.Buffer
	if _, err := r.e.WriteTo(&raw); err != nil {
		return fmt.Errorf("write EPUB: %w", err)
	}
	r.e = nil // its copies of the pages are zipped now: let them go
	return finish(w, raw.Bytes(), r.book)
}

const (
	titleFile    = "title.xhtml"
	contentsFile = "contents.xhtml"
)

func chapterFile(c *book.Chapter) string { return c.ID + ".xhtml" }
func postFile(p *book.Post) string       { return p.ID + ".xhtml" }

func esc(s string) string { return html.EscapeString(s) }

func (r *renderer) titlePage() string {
	var s strings.Builder
	s.WriteString(`<section class="title-page" epub:type="titlepage">`)
	fmt.Fprintf(&s, `<h1 class="book-title">%s</h1>`, esc(r.book.Title))
	if r.book.Subtitle != "" {
		fmt.Fprintf(&s, `<p class="book-subtitle">%s</p>`, esc(r.book.Subtitle))
	}
	if r.book.Author != "" {
		fmt.Fprintf(&s, `<p class="book-author">%s</p>`, esc(r.book.Author))
	}
	if years := Years(r.book); years != "" {
		fmt.Fprintf(&s, `<p class="book-years">%s</p>`, esc(years))
	}
	s.WriteString(`</section>`)
	return s.String()
}

// Years is the span of the book's posts as printed on its title page:
// "2017–2019", or one year.
func Years(b *book.Book) string {
	first, last := b.Span()
	switch {
	case first == 0:
		return ""
	case first == last:
		return strconv.Itoa(first)
	default:
		return strconv.Itoa(first) + "–" + strconv.Itoa(last)
	}
}

func contentsTitle(lang string) string {
	if book.BaseLang(lang) == "fr" {
		return "Table des matières"
	}
	return "Contents"
}

// contentsPage is the visible table of contents, in the reading order; the
// navigation document go-epub writes is for the reading system's menu.
func (r *renderer) contentsPage() string {
	var s strings.Builder
	fmt.Fprintf(&s, `<nav class="contents" epub:type="toc" id="contents"><h1>%s</h1><ol>`, esc(contentsTitle(r.book.Lang)))
	for _, c := range r.book.Chapters {
		fmt.Fprintf(&s, `<li><a href="%s">%s</a><ol>`, chapterFile(c), esc(c.Title))
		for _, p := range c.Posts {
			fmt.Fprintf(&s, `<li><a href="%s">%s</a></li>`, postFile(p), esc(p.Title))
		}
		s.WriteString(`</ol></li>`)
	}
	s.WriteString(`</ol></nav>`)
	return s.String()
}

func (r *renderer) chapterPage(c *book.Chapter) string {
	var s strings.Builder
	fmt.Fprintf(&s, `<section class="chapter-opening" epub:type="chapter" id="%s"><h1>%s</h1>`, c.ID, esc(c.Title))
	if c.Description != "" {
		fmt.Fprintf(&s, `<p class="chapter-description">%s</p>`, esc(c.Description))
	}
	s.WriteString(`<ol class="chapter-posts">`)
	for _, p := range c.Posts {
		fmt.Fprintf(&s, `<li><a href="%s">%s</a></li>`, postFile(p), esc(p.Title))
	}
	s.WriteString(`</ol></section>`)
	return s.String()
}

// postPage is one post's document before it joins the book: its body, the
// images it shows and the warnings it raised.
type postPage struct {
	body   string
	images []*preparedImage
	rep    book.Report
}

// postPages renders every post's document on all cores; go-epub, which is
// not safe for concurrent use, then gets them one by one in book order.
func (r *renderer) postPages(ctx context.Context) (map[string]*postPage, error) {
	posts := r.book.Posts()
	pages := make([]*postPage, len(posts))
	err := parallel.ForEach(ctx, len(posts), func(i int) error {
		page, err := r.postPage(posts[i])
		pages[i] = page
		if r.opts.PostDone != nil {
			r.opts.PostDone()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*postPage, len(posts))
	for i, p := range posts {
		byID[p.ID] = pages[i]
	}
	return byID, nil
}

func (r *renderer) postPage(p *book.Post) (*postPage, error) {
	doc := r.docs[p.ID]
	if doc == nil {
		return nil, fmt.Errorf("post %q was not parsed", p.Source)
	}
	page := &postPage{}
	content, err := doc.XHTML(markup.XHTMLOptions{
		Image: func(src string) (string, bool) { return r.image(p, src, page) },
		Link:  r.link,
	})
	if err != nil {
		return nil, err
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<article class="post" epub:type="chapter" id="%s"><header class="post"><h1 class="post-title">%s</h1>`, p.ID, esc(p.Title))
	if p.Dated() {
		fmt.Fprintf(&s, `<p class="post-date"><time datetime="%s">%s</time></p>`,
			p.Date.Format("2006-01-02"), esc(book.FormatDate(p.Date, r.postLang(p))))
	}
	s.WriteString(`</header>`)
	s.WriteString(content)
	s.WriteString(`</article>`)
	page.body = s.String()
	return page, nil
}

func (r *renderer) postLang(p *book.Post) string {
	if p.Lang != "" {
		return p.Lang
	}
	return r.book.Lang
}

// link points links between posts at the target post's document.
func (r *renderer) link(href string) string {
	id, frag, ok := markup.ParsePostHref(href)
	if !ok {
		return href
	}
	if frag != "" {
		return id + ".xhtml#" + frag
	}
	return id + ".xhtml"
}

// image embeds a post's local image once and returns its address in the
// EPUB. Images that are missing, remote or outside the post's folders keep
// their alt text only, with a warning.
func (r *renderer) image(p *book.Post, src string, page *postPage) (string, bool) {
	if strings.HasPrefix(src, "data:") {
		return src, true
	}
	name, ok := p.ResolveAsset(src)
	if !ok {
		if strings.Contains(src, "://") {
			page.rep.Warn(p.Source, 0, "remote image %q left out (its alt text stays)", src)
		} else {
			page.rep.Warn(p.Source, 0, "image %q is outside the source folder; left out", src)
		}
		return "", false
	}
	data, err := fs.ReadFile(p.Assets, name)
	if err != nil {
		page.rep.Warn(p.Source, 0, "image %q not found; its alt text stays", src)
		return "", false
	}
	img := r.images.prepare(data, name, r.opts.MaxImageSide)
	if img.err != nil {
		page.rep.Warn(p.Source, 0, "image %q left out (its alt text stays): %v", src, img.err)
		return "", false
	}
	page.images = append(page.images, img)
	return imagesDir + img.file, true
}

// imagesDir is where go-epub's AddImage puts images, as seen from a post.
const imagesDir = "../images/"

// addImage gives go-epub an image the first time a post shows it.
func (r *renderer) addImage(img *preparedImage) error {
	if r.added[img.file] {
		return nil
	}
	addr, err := r.e.AddImage(dataURL(img.mediaType, img.data), img.file)
	if err != nil {
		return err
	}
	if addr != imagesDir+img.file {
		return fmt.Errorf("go-epub put image %q at %q, not %q", img.file, addr, imagesDir+img.file)
	}
	r.added[img.file] = true
	return nil
}

// preparedImage is an image ready for the book: downscaled, in a format
// every reading system shows, named by a hash of its source.
type preparedImage struct {
	once      sync.Once
	file      string
	data      []byte
	mediaType string
	err       error
}

// imageCache prepares each distinct source image once, whichever posts
// show it and however many at a time ask.
type imageCache struct {
	mu     sync.Mutex
	images map[string]*preparedImage
}

func (c *imageCache) prepare(data []byte, name string, maxSide int) *preparedImage {
	sum := sha1.Sum(data)
	key := fmt.Sprintf("%x", sum[:8])
	c.mu.Lock()
	img := c.images[key]
	if img == nil {
		img = &preparedImage{}
		c.images[key] = img
	}
	c.mu.Unlock()
	img.once.Do(func() {
		img.data, img.mediaType, img.err = imaging.Prepare(data, name, maxSide)
		img.file = key + imaging.Ext(img.mediaType)
	})
	return img
}

func dataURL(mediaType string, data []byte) string {
	return "data:" + mediaType + ";base64," + base64.StdEncoding.EncodeToString(data)
}
