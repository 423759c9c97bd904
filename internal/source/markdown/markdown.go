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
}

// notPosts are Markdown files a blog folder holds that are not posts.
var notPosts = map[string]bool{
	"readme.md": true, "license.md": true, "licence.md": true,
	"changelog.md": true, "contributing.md": true, "code_of_conduct.md": true,
}

// IsPostFile reports whether a file name is one this source reads as a post.
func IsPostFile(name string) bool {
	base := strings.ToLower(path.Base(name))
	if notPosts[base] || strings.HasPrefix(base, "_index.") {
		return false
	}
	ext := path.Ext(base)
	return ext == ".md" || ext == ".markdown"
}

// Load reads every post below dir in fsys. display is how the folder is
// named in messages (e.g. the path the user gave). Hidden folders and
// Jekyll's _drafts are not read. A Hugo or Jekyll site folder is read as
// the generator reads it: a Hugo site's content folder, a Jekyll site's
// _posts folders.
func Load(ctx context.Context, fsys fs.FS, dir, display string, opts Options, rep *book.Report) ([]*book.Post, error) {
	tw := newTagWarnings()
	site := detectSite(fsys, dir)
	root := dir
	if site == hugoSite {
		root = path.Join(dir, "content")
		fsys = hugoAssets{fsys}
	}
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
		if d.IsDir() {
			if name != root && (strings.HasPrefix(base, ".") || base == "_drafts" || base == "node_modules" ||
				site == jekyllSite && jekyllSkip[base]) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !IsPostFile(base) {
			return nil
		}
		if site == jekyllSite && !underPosts(relName(dir, name)) {
			rep.Note("%s: not in a _posts folder, read as a page of the site, not a post", book.FileName(displayName(display, dir, name)))
			return nil
		}
		files = append(files, name)
		return nil
	})
	type result struct {
		post     *book.Post
		problems []dialect.Problem
		err      error
	}
	read := make([]result, len(files))
	if err := parallel.ForEach(ctx, len(files), func(i int) error {
		name := files[i]
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			read[i].err = &book.SourceError{File: displayName(display, dir, name), Err: unwrapPathError(err)}
			return nil
		}
		read[i].post, read[i].problems, read[i].err = readPost(data, displayName(display, dir, name), opts)
		return nil
	}); err != nil {
		return nil, err
	}
	// What follows is in the walk's order, as if each file were read as
	// the walk came to it: the first error found wins, and the warnings
	// come in the same order whatever the timing.
	var posts, pages []*book.Post
	for i, name := range files {
		if read[i].err != nil {
			return nil, read[i].err
		}
		p := read[i].post
		for _, pr := range read[i].problems {
			tw.add(p, pr, rep)
		}
		p.Categories = mergeCategories(folderCategories(relName(dir, name)), p.Categories)
		p.Assets, p.AssetDir = fsys, path.Dir(name)
		if site == hugoSite && path.Dir(name) == root {
			pages = append(pages, p)
			continue
		}
		posts = append(posts, p)
	}
	if walkErr != nil {
		return nil, walkErr
	}
	// A Hugo site's top-level pages (about, contact) are not posts, unless
	// the blog keeps its posts there too.
	if len(posts) == 0 {
		posts = pages
	} else {
		for _, p := range pages {
			rep.Note("%s: a page at the top of the Hugo content folder, not a post", book.FileName(p.Source))
		}
	}
	tw.flush(rep)
	return posts, nil
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
var jekyllName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.+)\.(md|markdown)$`)

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
	p, problems, err := readPost(data, name, opts)
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
func readPost(data []byte, name string, opts Options) (*book.Post, []dialect.Problem, error) {
	p, fm, err := parse(data, name)
	if err != nil {
		return nil, nil, err
	}
	body, problems := dialect.Rewrite(p.Body, dialect.Options{Rules: opts.Shortcodes, Site: opts.Site, Page: fm})
	p.Body = body
	finish(p)
	return p, problems, nil
}

// relName is a file's name relative to the folder read.
func relName(dir, name string) string {
	return strings.TrimPrefix(strings.TrimPrefix(name, dir), "/")
}

// Parse reads one post file without rewriting its body: template tags stay
// as written (Read rewrites them). name is how the file is named in
// messages and becomes the post's Source. The post's asset tree is left unset.
func Parse(data []byte, name string) (*book.Post, error) {
	p, _, err := parse(data, name)
	if err != nil {
		return nil, err
	}
	finish(p)
	return p, nil
}

func parse(data []byte, name string) (*book.Post, frontMatter, error) {
	data = newlines(data)
	if line := invalidUTF8Line(data); line > 0 {
		return nil, nil, &book.SourceError{File: name, Line: line, Err: fmt.Errorf("invalid UTF-8")}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	fm, lines, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		if le, ok := err.(*lineError); ok {
			return nil, nil, &book.SourceError{File: name, Line: le.line, Err: le.err}
		}
		return nil, nil, &book.SourceError{File: name, Err: err}
	}
	p := &book.Post{Source: name, Body: body, BodyLine: bodyLine}
	if err := fill(p, fm); err != nil {
		line := 1
		var fe *fieldError
		if errors.As(err, &fe) && lines[fe.key] > 0 {
			line = lines[fe.key]
		}
		return nil, nil, &book.SourceError{File: name, Line: line, Err: err}
	}
	return p, fm, nil
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

// finish fills what front matter left out from the file's name and body.
func finish(p *book.Post) {
	name := p.Source
	base := path.Base(name)
	if m := jekyllName.FindStringSubmatch(base); m != nil {
		if !p.Dated() {
			p.Date, _ = time.Parse("2006-01-02", m[1])
		}
		if p.Slug == "" {
			p.Slug = m[2]
		}
	}
	if p.Slug == "" {
		stem := strings.TrimSuffix(base, path.Ext(base))
		if stem == "index" { // a Hugo page bundle is named by its folder
			stem = path.Base(path.Dir(name))
		}
		p.Slug = stem
	}
	if p.Title == "" {
		p.Title, p.Body = titleFromHeading(p.Body)
	}
	if p.Title == "" {
		p.Title = p.Slug
	}
}

// fill sets the post's metadata from its front matter, in the names Hugo,
// Jekyll and Zola use.
func fill(p *book.Post, fm frontMatter) error {
	var err error
	p.Title = fm.str("title")
	if p.Date, err = fm.date("date"); err != nil {
		return err
	}
	if p.Lastmod, err = fm.date("lastmod", "last_modified_at", "updated", "modified"); err != nil {
		return err
	}
	if p.Draft, _, err = fm.boolean("draft"); err != nil {
		return err
	}
	// Jekyll's published is a flag; Hugo's is a date, as publishDate.
	publishDate, err := fm.date("publishDate", "pubdate")
	if err != nil {
		return err
	}
	if v, ok := fm.lookup("published"); ok && isDate(v) {
		if publishDate, err = fm.date("published"); err != nil {
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
	if p.Expires, err = fm.date("expiryDate", "unpublishdate"); err != nil {
		return err
	}
	p.Slug = fm.str("slug")
	if u := fm.str("url", "permalink"); u != "" {
		p.Permalinks = append(p.Permalinks, u)
	}
	p.Permalinks = append(p.Permalinks, fm.list(false, "aliases", "redirect_from")...)
	p.Tags = fm.list(true, "tags")
	p.Categories = fm.list(true, "categories", "category")
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
	p.Cover = fm.str("cover", "image", "featured_image", "images")
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
