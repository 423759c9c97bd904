// Package media finds the images that exported HTML points at, so that the
// book embeds them: first in a local folder (the export's own folder, or
// the one --media names), then, only when asked, on the web. Posts of
// WordPress exports and feeds get a Library's FS as their asset tree.
package media

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// Library resolves image addresses to files of one asset tree. It is not
// safe for concurrent use.
type Library struct {
	local fs.FS
	fetch Fetch
	seen  map[string]result // by address, so each image is looked up once
}

type result struct {
	name string
	ok   bool
}

// NewLibrary returns a library that looks for files in local (which may be
// nil) and, when fetch is enabled, leaves the others to be fetched.
func NewLibrary(local fs.FS, fetch Fetch) *Library {
	return &Library{local: local, fetch: fetch, seen: map[string]result{}}
}

// FS is the asset tree the resolved names live in: the local folder.
func (l *Library) FS() fs.FS {
	if l.local == nil {
		return noFiles{}
	}
	return l.local
}

// noFiles is an empty asset tree.
type noFiles struct{}

func (noFiles) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// sizeSuffix is the "-300x200" WordPress adds to the names of the smaller
// copies it makes of an upload.
var sizeSuffix = regexp.MustCompile(`-(?:\d+x\d+|scaled)(\.[A-Za-z0-9]+)$`)

// Resolve returns the name in FS of the image at src, an absolute URL or a
// site-relative path. It looks for the address's path, then for ever
// shorter tails of it (".../wp-content/uploads/2018/06/a.jpg" is found as
// "2018/06/a.jpg" or "a.jpg"), each also without WordPress's size suffix.
// An image found in no folder keeps its address (and a data: image its
// data): the image stage fetches it when --fetch-images allows (see
// Fetcher), with the images of every other source, or says once why it is
// left out. It reports false, for a link instead, only for an address
// that is no image's (another scheme, or one that does not parse). warn
// is kept for callers; nothing warns here now.
func (l *Library) Resolve(ctx context.Context, src string, warn func(format string, args ...any)) (string, bool) {
	if r, ok := l.seen[src]; ok {
		return r.name, r.ok
	}
	name, ok := l.resolve(ctx, src, warn)
	l.seen[src] = result{name, ok}
	return name, ok
}

func (l *Library) resolve(ctx context.Context, src string, warn func(format string, args ...any)) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(src))
	if err == nil && u.Scheme == "data" {
		return src, true // the image stage reads it
	}
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	if name, ok := l.findLocal(u.Path); ok {
		return name, true
	}
	// Not in the folder: the image keeps its address, and the image stage
	// downloads it (with --fetch-images) or says, once, why it is left out.
	if u.Host != "" && u.Scheme == "" {
		u.Scheme = "https"
	}
	return u.String(), true
}

func (l *Library) findLocal(p string) (string, bool) {
	if l.local == nil {
		return "", false
	}
	segs := strings.Split(strings.Trim(path.Clean("/"+p), "/"), "/")
	for i := range segs {
		tail := strings.Join(segs[i:], "/")
		for _, name := range []string{tail, sizeSuffix.ReplaceAllString(tail, "$1")} {
			if !fs.ValidPath(name) || name == "." {
				continue
			}
			info, err := fs.Stat(l.local, name)
			if err == nil && info.Mode().IsRegular() {
				return name, true
			}
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				// There, but refused (a link out of the folder): the
				// image stage reads it and says why it is left out.
				return name, true
			}
		}
	}
	return "", false
}
