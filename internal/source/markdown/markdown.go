// Package markdown is the source for blogs kept as Markdown files with YAML
// or TOML front matter, as Hugo, Jekyll and Zola keep them. It yields
// book.Posts; it does not render anything.
package markdown

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
)

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
// Jekyll's _drafts are not read.
func Load(ctx context.Context, fsys fs.FS, dir, display string, rep *book.Report) ([]*book.Post, error) {
	var posts []*book.Post
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return &book.SourceError{File: displayName(display, dir, name), Err: unwrapPathError(err)}
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		base := d.Name()
		if d.IsDir() {
			if name != dir && (strings.HasPrefix(base, ".") || base == "_drafts" || base == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !IsPostFile(base) {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return &book.SourceError{File: displayName(display, dir, name), Err: unwrapPathError(err)}
		}
		p, err := Parse(data, displayName(display, dir, name))
		if err != nil {
			return err
		}
		p.Assets, p.AssetDir = fsys, path.Dir(name)
		posts = append(posts, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return posts, nil
}

func displayName(display, dir, name string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(name, dir), "/")
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
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// jekyllName is a Jekyll post's file name: its date, then its slug.
var jekyllName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.+)\.(md|markdown)$`)

// Parse reads one post file. name is how the file is named in messages and
// becomes the post's Source. The post's asset tree is left unset.
func Parse(data []byte, name string) (*book.Post, error) {
	if line := invalidUTF8Line(data); line > 0 {
		return nil, &book.SourceError{File: name, Line: line, Err: fmt.Errorf("invalid UTF-8")}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	fm, body, bodyLine, err := splitFrontMatter(data)
	if err != nil {
		if le, ok := err.(*lineError); ok {
			return nil, &book.SourceError{File: name, Line: le.line, Err: le.err}
		}
		return nil, &book.SourceError{File: name, Err: err}
	}
	p := &book.Post{Source: name, Body: body, BodyLine: bodyLine}
	if err := fill(p, fm); err != nil {
		return nil, &book.SourceError{File: name, Line: 1, Err: err}
	}
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
	return p, nil
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
	published, present, err := fm.boolean("published")
	if err != nil {
		return err
	}
	if present && !published {
		p.Draft = true
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
