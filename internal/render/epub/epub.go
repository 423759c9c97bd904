// Package epub renders a book as an EPUB 3: one XHTML document per post,
// nested under its chapter in both tables of contents. go-epub builds the
// container; a finishing pass (finish.go) adds what go-epub cannot express
// and makes the bytes depend on the book alone.
package epub

import (
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
	// ScratchInMemory keeps go-epub's scratch copy of the book, one file a
	// document, in memory instead of the system's temporary folder. That
	// spares a file's creation per post, much of an ordinary book's
	// writing time, but holds every page once more while the book is
	// zipped: leave it off for a big blog.
	ScratchInMemory bool
}

// Write renders b as an EPUB 3 to w. Several Writes may run at once.
func Write(ctx context.Context, w io.Writer, b *book.Book, docs markup.Docs, opts Options, rep *book.Report) error {
	r := &renderer{book: b, docs: docs, rep: rep, images: &imageCache{images: map[string]*preparedImage{}}, added: map[string]bool{}, opts: opts}
	ctx, cancel := context.WithCancel(ctx)
	pages := r.makePages(ctx)
	defer func() {
		cancel()
		<-pages.stopped
	}()
	return r.container(ctx, pages, func(zipped io.Reader) error {
		return finish(ctx, w, zipped, b, opts.Cover != nil)
	})
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

// scratchMu guards go-epub's scratch storage, which goepub.Use sets for
// the whole package: a Write holds it from Use and NewEpub until WriteTo
// is done, so that another Write wanting the other storage waits rather
// than switching it under this one.
var scratchMu sync.Mutex

// container has go-epub zip the book's documents, given its posts' pages,
// and calls finish with the archive as go-epub writes it.
func (r *renderer) container(ctx context.Context, pages *pageQueue, finish func(zipped io.Reader) error) error {
	scratchMu.Lock()
	defer scratchMu.Unlock()
	scratch := goepub.OsFS
	if r.opts.ScratchInMemory {
		scratch = goepub.MemoryFS
	}
	if err := goepub.Use(scratch); err != nil {
		return fmt.Errorf("start EPUB: %w", err)
	}
	e, err := goepub.NewEpub(r.book.Title)
	if err != nil {
		return fmt.Errorf("start EPUB: %w", err)
	}
	r.e = e
	defer func() { r.e = nil }() // its copies of the pages are zipped now: let them go
	e.SetAuthor(r.book.Author)
	e.SetLang(r.book.Lang)
	e.SetIdentifier(r.book.Identifier)
	e.SetDescription(r.book.Description)
	if r.css, err = e.AddCSS(dataURL("text/css", assets.BookCSS), "book.css"); err != nil {
		return fmt.Errorf("add stylesheet: %w", err)
	}
	if c := r.opts.Cover; c != nil {
		addr, err := e.AddImage(dataURL(c.MediaType, c.Data), c.Name)
		if err != nil {
			return fmt.Errorf("add cover: %w", err)
		}
		if err := e.SetCover(addr, ""); err != nil {
			return fmt.Errorf("add cover: %w", err)
		}
	}
	if _, err := e.AddSection(r.titlePage(), r.book.Title, titleFile, r.css); err != nil {
		return fmt.Errorf("add title page: %w", err)
	}
	if _, err := e.AddSection(r.contentsPage(), contentsTitle(r.book.Lang), contentsFile, r.css); err != nil {
		return fmt.Errorf("add contents page: %w", err)
	}
	for _, c := range r.book.Chapters {
		if err := ctx.Err(); err != nil {
			return err
		}
		parent, err := e.AddSection(r.chapterPage(c), c.Title, chapterFile(c), r.css)
		if err != nil {
			return fmt.Errorf("add chapter %q: %w", c.Title, err)
		}
		for _, p := range c.Posts {
			page, err := pages.next()
			if err != nil {
				return err
			}
			r.rep.Merge(&page.rep)
			for _, img := range page.images {
				if err := r.addImage(img); err != nil {
					return fmt.Errorf("add image of %q: %w", p.Source, err)
				}
			}
			if _, err := e.AddSubSection(parent, page.body, p.Title, postFile(p), r.css); err != nil {
				return fmt.Errorf("add post %q: %w", p.Title, err)
			}
		}
	}
	zipped, zipping := io.Pipe()
	wrote := make(chan error, 1)
	go func() {
		_, err := e.WriteTo(zipping)
		zipping.CloseWithError(err)
		wrote <- err
	}()
	err = finish(zipped)
	zipped.CloseWithError(err) // go-epub stops writing if finish failed
	if werr := <-wrote; werr != nil && err == nil {
		return fmt.Errorf("write EPUB: %w", werr)
	}
	return err
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

// pageQueue makes the posts' documents on all cores and hands them out in
// book order as they are made: go-epub, which is not safe for concurrent
// use, gets each page while the next ones are being made.
type pageQueue struct {
	slots     []pageSlot
	nextIndex int
	stopped   chan struct{} // closed when no more pages will be made
	err       error         // why, once stopped
}

type pageSlot struct {
	made chan struct{} // closed once page and err are set
	page *postPage
	err  error
}

// makePages starts making the pages of the book's posts, until all are
// made or ctx ends.
func (r *renderer) makePages(ctx context.Context) *pageQueue {
	posts := r.book.Posts()
	q := &pageQueue{slots: make([]pageSlot, len(posts)), stopped: make(chan struct{})}
	for i := range q.slots {
		q.slots[i].made = make(chan struct{})
	}
	go func() {
		defer close(q.stopped)
		q.err = parallel.ForEach(ctx, len(posts), func(i int) error {
			s := &q.slots[i]
			s.page, s.err = r.postPage(posts[i])
			if r.opts.PostDone != nil {
				r.opts.PostDone()
			}
			close(s.made)
			return nil
		})
	}()
	return q
}

// next returns the next post's page in book order, once it is made.
func (q *pageQueue) next() (*postPage, error) {
	s := &q.slots[q.nextIndex]
	q.nextIndex++
	select {
	case <-s.made:
	case <-q.stopped:
		select {
		case <-s.made:
		default:
			return nil, q.err
		}
	}
	page := s.page
	s.page = nil // go-epub keeps a copy: let this one go
	return page, s.err
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
