// Package source turns what the user points anthology at (folders and
// files) into book posts. It tells each source's kind from its content,
// hands it to the reader of that kind (markdown, wxr, feed, text), and
// merges the posts that several sources share.
//
// A folder is a Markdown blog. A folder that holds no Markdown post is
// read as a set of files instead: each file directly inside it whose kind
// is recognized (a WordPress export, a feed, a text post) is read, in name
// order. Other kinds are given as files, and kinds mix freely.
//
// Text copied from a blog's pages may hold several full posts back to back,
// their titles looking like subheadings: a text file is split where a line
// is the title of a post known from any source (see text.ParseKnown).
package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/source/feed"
	"github.com/anthology-book/anthology/internal/source/markdown"
	"github.com/anthology-book/anthology/internal/source/media"
	"github.com/anthology-book/anthology/internal/source/slug"
	"github.com/anthology-book/anthology/internal/source/text"
	"github.com/anthology-book/anthology/internal/source/wxr"
	"golang.org/x/net/html/charset"
)

// Options tunes how sources are read.
type Options struct {
	// Markdown tunes the Markdown reader: the meanings of a blog's own
	// shortcodes and the values of its site variables.
	Markdown markdown.Options
	// Media is a folder where the images of WordPress exports and feeds
	// are looked for; empty looks beside each export.
	Media string
	// FetchImages lets images found in no local folder be downloaded
	// (http and https only, with a timeout and a size cap).
	FetchImages bool
	// Drafts says the book keeps drafts: what the reading of a draft's
	// template tags removed is told of only then.
	Drafts bool
	// Fetch tunes downloads when FetchImages is set; zero is the defaults.
	Fetch media.Fetch
}

// Kind is what a source is.
type Kind string

// The kinds of source anthology reads.
const (
	Markdown  Kind = "markdown"  // a folder of posts, or one post file, with front matter
	WordPress Kind = "wordpress" // a WXR export
	Feed      Kind = "feed"      // RSS, Atom or JSON Feed
	Text      Kind = "text"      // plain text posts
)

// sniffSize is how much of a file Detect needs to see.
const sniffSize = 64 << 10

// Load reads every source in order and returns all their posts, drafts
// included (the pipeline decides what to leave out), with the posts that
// several sources share merged (see Merge).
func Load(ctx context.Context, paths []string, opts Options, rep *book.Report) ([]*book.Post, error) {
	posts, _, err := LoadWithSite(ctx, paths, opts, rep)
	return posts, err
}

// LoadWithSite is Load that also returns what the sources say of the
// blog: a site generator's config, a WordPress export's channel, a feed's
// head. Where sources disagree, the first that gives a setting wins.
func LoadWithSite(ctx context.Context, paths []string, opts Options, rep *book.Report) ([]*book.Post, book.Site, error) {
	posts, site, err := loadAll(ctx, paths, opts, rep)
	if err != nil {
		return nil, book.Site{}, err
	}
	return posts, site, nil
}

func loadAll(ctx context.Context, paths []string, opts Options, rep *book.Report) ([]*book.Post, book.Site, error) {
	l := &loader{ctx: ctx, opts: opts, rep: rep, folders: map[*book.Post]string{}, feeds: map[string]bool{}, texts: map[*book.Post]*textFile{}, trees: map[string]*confine.Tree{}}
	if opts.Media != "" {
		info, err := os.Stat(opts.Media)
		if err != nil || !info.IsDir() {
			return nil, book.Site{}, &book.SourceError{File: opts.Media, Err: errors.New("the media folder does not exist or is not a folder")}
		}
		tree, err := l.tree(opts.Media)
		if err != nil {
			return nil, book.Site{}, err
		}
		l.shared = media.NewLibrary(tree, l.fetch())
	}
	var posts []*book.Post
	for _, p := range paths {
		got, err := l.loadOne(p)
		if err != nil {
			return nil, book.Site{}, err
		}
		plainTitles(got)
		posts = append(posts, got...)
	}
	posts, err := l.splitTexts(posts)
	if err != nil {
		return nil, book.Site{}, err
	}
	posts = merge(posts, l.originOf, rep)
	for _, p := range posts {
		if l.feeds[p.Source] && len(bytes.TrimSpace(p.Body)) == 0 {
			rep.Warn(p.Source, 0, "%q has no text", p.Title)
		}
	}
	return posts, l.site, nil
}

// textFile is a text source read once to learn its titles, to be read
// again once every source's titles are known.
type textFile struct {
	name string
	data []byte
}

// splitTexts reads the text files again knowing the titles of every
// post: text copied from a blog's pages may hold several full posts back
// to back, and a title known from another source is where one ends.
func (l *loader) splitTexts(posts []*book.Post) ([]*book.Post, error) {
	if len(l.texts) == 0 {
		return posts, nil
	}
	titles := map[string]bool{}
	for _, p := range posts {
		titles[slug.Make(p.Title)] = true
	}
	known := func(title string) bool { return titles[slug.Make(title)] }
	out := make([]*book.Post, 0, len(posts))
	done := map[*textFile]bool{}
	for _, p := range posts {
		t, ok := l.texts[p]
		if !ok {
			out = append(out, p)
			continue
		}
		if done[t] {
			continue
		}
		done[t] = true
		again, err := text.ParseKnown(t.data, t.name, known, l.rep)
		if err != nil {
			return nil, err
		}
		out = append(out, again...)
	}
	return out, nil
}

// originOf names the source a post came from for merging: the Markdown
// folder it was found in, else its file.
func (l *loader) originOf(p *book.Post) string {
	if dir, ok := l.folders[p]; ok {
		return dir
	}
	return p.Source
}

type loader struct {
	ctx     context.Context
	opts    Options
	rep     *book.Report
	shared  *media.Library        // from --media; nil looks beside each export
	folders map[*book.Post]string // the Markdown folder of each post read from one
	texts   map[*book.Post]*textFile
	// feeds are the feed files read: their items without text are told
	// of once merged.
	feeds map[string]bool
	trees map[string]*confine.Tree // by folder: each is opened once
	site  book.Site                // what the sources read so far say of the blog
}

// tree returns the folder dir as a tree that no symbolic link leads out of.
func (l *loader) tree(dir string) (*confine.Tree, error) {
	if t, ok := l.trees[dir]; ok {
		return t, nil
	}
	t, err := confine.Dir(dir)
	if err != nil {
		return nil, fileError(dir, err)
	}
	l.trees[dir] = t
	return t, nil
}

// fileError is a failure to read the file name, said once: without the
// path that an *fs.PathError repeats.
func fileError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &book.SourceError{File: name, Err: err}
}

func (l *loader) fetch() media.Fetch {
	f := l.opts.Fetch
	f.Enabled = l.opts.FetchImages
	return f
}

// library is where the images of the export at name are looked for.
func (l *loader) library(name string) (*media.Library, error) {
	if l.shared != nil {
		return l.shared, nil
	}
	tree, err := l.tree(filepath.Dir(name))
	if err != nil {
		return nil, err
	}
	return media.NewLibrary(tree, l.fetch()), nil
}

func (l *loader) loadOne(name string) ([]*book.Post, error) {
	info, err := os.Stat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &book.SourceError{File: name, Err: errors.New("no such file or folder")}
		}
		return nil, &book.SourceError{File: name, Err: err}
	}
	if info.IsDir() {
		return l.loadDir(name)
	}
	if !info.Mode().IsRegular() {
		return nil, &book.SourceError{File: name, Err: &confine.NotRegularError{Mode: info.Mode()}}
	}
	head, err := readHead(name)
	if err != nil {
		return nil, err
	}
	kind, err := Detect(name, head)
	if err != nil {
		return nil, err
	}
	return l.loadFile(name, kind)
}

// markdownOptions are the Markdown reader's options: covers on the web are
// read when images may be fetched.
func (l *loader) markdownOptions() markdown.Options {
	opts := l.opts.Markdown
	opts.WebCovers = l.opts.FetchImages
	opts.Drafts = l.opts.Drafts
	return opts
}

func (l *loader) loadDir(name string) ([]*book.Post, error) {
	tree, err := l.tree(name)
	if err != nil {
		return nil, err
	}
	blog, err := markdown.LoadBlog(l.ctx, tree, ".", name, l.markdownOptions(), l.rep)
	if err != nil {
		return nil, err
	}
	posts := blog.Posts
	if len(posts) > 0 {
		l.site.Fill(blog.Site)
	}
	if len(posts) > 0 {
		for _, p := range posts {
			l.folders[p] = name
		}
		l.warnUnreadExports(name)
		return posts, nil
	}
	files, err := exportFiles(name)
	if err != nil {
		return nil, err
	}
	for _, file := range files {
		head, err := readHead(file)
		if err != nil {
			return nil, err
		}
		kind, err := Detect(file, head)
		if err != nil {
			l.rep.Warn(file, 0, "not read: %v", errors.Unwrap(err))
			continue
		}
		got, err := l.loadFile(file, kind)
		if err != nil {
			return nil, err
		}
		posts = append(posts, got...)
	}
	return posts, nil
}

// exportFiles lists the files directly in dir that may be exports, feeds
// or text posts, in name order.
func exportFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &book.SourceError{File: dir, Err: err}
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") && exportExt[strings.ToLower(filepath.Ext(e.Name()))] &&
			!siteFiles[strings.ToLower(e.Name())] {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

// warnUnreadExports tells about a WordPress export or feed lying in a
// Markdown folder, which is read for its Markdown posts only.
func (l *loader) warnUnreadExports(dir string) {
	files, err := exportFiles(dir)
	if err != nil {
		return
	}
	for _, file := range files {
		head, err := readHead(file)
		if err != nil {
			continue
		}
		if kind, err := Detect(file, head); err == nil && (kind == WordPress || kind == Feed) {
			l.rep.Warn(file, 0, "not read: the folder is read for its Markdown posts; give this %s as a SOURCE of its own to add its posts", kindName[kind])
		}
	}
}

var kindName = map[Kind]string{WordPress: "WordPress export", Feed: "feed"}

// siteFiles are the text files a published site holds for machines or as
// its paperwork, never posts: a folder of a generated site (public/, _site/)
// has them beside its feeds.
var siteFiles = map[string]bool{
	"robots.txt": true, "humans.txt": true, "ads.txt": true, "app-ads.txt": true, "security.txt": true,
	"llms.txt": true, "license.txt": true, "licence.txt": true, "readme.txt": true, "changelog.txt": true,
}

// exportExt are the names a folder without Markdown posts is searched for.
var exportExt = map[string]bool{".xml": true, ".rss": true, ".atom": true, ".json": true, ".txt": true, ".text": true}

func (l *loader) loadFile(name string, kind Kind) ([]*book.Post, error) {
	switch kind {
	case WordPress:
		lib, err := l.library(name)
		if err != nil {
			return nil, err
		}
		f, err := confine.Open(name)
		if err != nil {
			return nil, fileError(name, err)
		}
		defer f.Close()
		// Streamed: an export can be far larger than the posts it keeps.
		posts, site, err := wxr.LoadWithSite(l.ctx, bufio.NewReaderSize(f, 256<<10), name, lib, l.rep)
		l.site.Fill(site)
		return posts, err
	}
	data, err := confine.ReadFile(name, 0)
	if err != nil {
		return nil, fileError(name, err)
	}
	switch kind {
	case Feed:
		lib, err := l.library(name)
		if err != nil {
			return nil, err
		}
		posts, site, err := feed.LoadWithSite(l.ctx, data, name, lib, l.rep)
		l.site.Fill(site)
		l.feeds[name] = true
		return posts, err
	case Text:
		// Read with a scratch report: the file is read again, for good, by
		// splitTexts.
		scratch := &book.Report{}
		posts, err := text.Parse(data, name, scratch)
		if err != nil || len(posts) == 0 {
			l.rep.Merge(scratch)
			return posts, err
		}
		t := &textFile{name: name, data: data}
		for _, p := range posts {
			l.texts[p] = t
		}
		return posts, nil
	}
	p, err := markdown.Read(data, name, l.markdownOptions(), l.rep)
	if err != nil {
		return nil, err
	}
	tree, err := l.tree(filepath.Dir(name))
	if err != nil {
		return nil, err
	}
	p.Assets, p.AssetDir = tree, "."
	return []*book.Post{p}, nil
}

func readHead(name string) ([]byte, error) {
	f, err := confine.Open(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	defer f.Close()
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, &book.SourceError{File: name, Err: err}
	}
	return head[:n], nil
}

// Detect tells the kind of the file name from the start of its content,
// head. The extension decides only for Markdown (".md", ".markdown") and
// between kinds the content leaves open. XML that is neither a WordPress
// export nor a feed, JSON that is not a JSON Feed, and binary files are
// errors.
func Detect(name string, head []byte) (Kind, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".md" || ext == ".markdown" {
		return Markdown, nil
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		kind, err := detectXML(name, head)
		if err != nil && ext == ".txt" {
			return Text, nil // a text post that happens to start with "<"
		}
		return kind, err
	case bytes.HasPrefix(trimmed, []byte("{")) && ext != ".txt":
		if bytes.Contains(trimmed, []byte("jsonfeed.org/version")) {
			return Feed, nil
		}
		return "", &book.SourceError{File: name, Err: errors.New("JSON that is not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/…\")")}
	case bytes.HasPrefix(trimmed, []byte("---\n")), bytes.HasPrefix(trimmed, []byte("---\r")),
		bytes.HasPrefix(trimmed, []byte("+++\n")), bytes.HasPrefix(trimmed, []byte("+++\r")):
		if ext != ".txt" {
			return Markdown, nil
		}
	}
	if isBinary(head) {
		return "", &book.SourceError{File: name, Err: errors.New("not a kind of source anthology reads: a binary file (sources are Markdown, WordPress exports, feeds and plain text)")}
	}
	return Text, nil
}

// detectXML reads up to the root element.
func detectXML(name string, head []byte) (Kind, error) {
	dec := xml.NewDecoder(bytes.NewReader(head))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := dec.Token()
		if err != nil {
			line, col := dec.InputPos()
			if errors.Is(err, io.EOF) {
				return "", &book.SourceError{File: name, Err: errors.New("XML without a root element")}
			}
			return "", &book.SourceError{File: name, Line: line, Err: fmt.Errorf("malformed XML (column %d): %v", col, err)}
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(start.Name.Local) {
		case "rss":
			if wxr.IsExport(start, dec) {
				return WordPress, nil
			}
			return Feed, nil
		case "feed", "rdf":
			return Feed, nil
		case "html":
			return "", &book.SourceError{File: name, Err: errors.New("an HTML page, not a feed or a WordPress export")}
		}
		return "", &book.SourceError{File: name, Err: fmt.Errorf("XML that is neither a WordPress export nor a feed (root element <%s>)", start.Name.Local)}
	}
}

// isBinary reports a NUL byte, which no text has; text that is merely not
// UTF-8 is left for the text reader to report with its line.
func isBinary(head []byte) bool {
	return bytes.IndexByte(head, 0) >= 0
}
