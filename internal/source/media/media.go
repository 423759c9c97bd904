// Package media finds the images that exported HTML points at, so that the
// book embeds them: first in a local folder (the export's own folder, or
// the one --media names), then, only when asked, on the web. Posts of
// WordPress exports and feeds get a Library's FS as their asset tree.
package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"
)

// Defaults for fetching remote images.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxBytes = 20 << 20
)

// Fetch tunes how remote images are fetched. The zero value fetches
// nothing.
type Fetch struct {
	Enabled  bool
	Timeout  time.Duration // per image; DefaultTimeout when zero
	MaxBytes int64         // per image; DefaultMaxBytes when zero
	// Client is used when set, e.g. by tests; its redirects are still
	// limited to http and https.
	Client *http.Client
}

// Library resolves image addresses to files of one asset tree. It is not
// safe for concurrent use.
type Library struct {
	local   fs.FS
	fetch   Fetch
	fetched map[string][]byte // path in the tree -> content
	seen    map[string]result // by address, so each image is looked up once
}

type result struct {
	name string
	ok   bool
}

// NewLibrary returns a library that looks for files in local (which may be
// nil) and, when fetch is enabled, fetches the others.
func NewLibrary(local fs.FS, fetch Fetch) *Library {
	return &Library{local: local, fetch: fetch, fetched: map[string][]byte{}, seen: map[string]result{}}
}

// FS is the asset tree the resolved names live in: the local folder plus
// the fetched images under "fetched/".
func (l *Library) FS() fs.FS {
	return overlay{files: l.fetched, under: l.local}
}

// sizeSuffix is the "-300x200" WordPress adds to the names of the smaller
// copies it makes of an upload.
var sizeSuffix = regexp.MustCompile(`-(?:\d+x\d+|scaled)(\.[A-Za-z0-9]+)$`)

// Resolve returns the name in FS of the image at src, an absolute URL or a
// site-relative path. It looks for the address's path, then for ever
// shorter tails of it (".../wp-content/uploads/2018/06/a.jpg" is found as
// "2018/06/a.jpg" or "a.jpg"), each also without WordPress's size suffix.
// warn receives why a fetch failed.
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
	if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	if name, ok := l.findLocal(u.Path); ok {
		return name, true
	}
	if !l.fetch.Enabled || u.Host == "" {
		return "", false
	}
	if u.Scheme == "" {
		u.Scheme = "https"
	}
	name, err := l.get(ctx, u)
	if err != nil {
		if warn != nil {
			warn("image %q not fetched: %v", u.String(), err)
		}
		return "", false
	}
	return name, true
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
			if info, err := fs.Stat(l.local, name); err == nil && info.Mode().IsRegular() {
				return name, true
			}
		}
	}
	return "", false
}

var errTooLarge = errors.New("too large")

// safeExt is an extension kept on a fetched file's name.
var safeExt = regexp.MustCompile(`^\.[a-z0-9]{1,5}$`)

// get fetches one image into memory under a name derived from its address
// alone, so that two builds name it alike.
func (l *Library) get(ctx context.Context, u *url.URL) (string, error) {
	timeout := l.fetch.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	limit := l.fetch.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	client := http.Client{Timeout: timeout}
	if l.fetch.Client != nil {
		client = *l.fetch.Client
		if client.Timeout == 0 {
			client.Timeout = timeout
		}
	}
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("redirect to %s: only http and https are fetched", req.URL.Scheme)
		}
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("server answered %s", resp.Status)
	}
	if resp.ContentLength > limit {
		return "", fmt.Errorf("%w: %d bytes, more than %d", errTooLarge, resp.ContentLength, limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return "", err
	}
	if int64(len(data)) > limit {
		return "", fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	if ct := http.DetectContentType(data); !strings.HasPrefix(ct, "image/") && !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/") {
		return "", fmt.Errorf("not an image (%s)", ct)
	}
	sum := sha256.Sum256([]byte(u.String()))
	ext := strings.ToLower(path.Ext(u.Path))
	if !safeExt.MatchString(ext) {
		ext = ""
	}
	name := "fetched/" + hex.EncodeToString(sum[:8]) + ext
	l.fetched[name] = data
	return name, nil
}
