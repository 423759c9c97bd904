package imaging

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/cover"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/parallel"
)

// MaxFileBytes bounds the size of an image file the stage reads: more than
// any camera's JPEG. A larger file is a video or a raw scan, and would be
// read whole into memory.
const MaxFileBytes = 50 << 20

// StageOptions tunes PrepareBook.
type StageOptions struct {
	// MaxBytes is the largest EPUB to make (--max-size), 0 for no limit:
	// the images are made small enough for the book to fit, so that the
	// EPUB is written once.
	MaxBytes int64
	// Reserve is the part of MaxBytes kept for files the stage does not
	// make, such as the cover.
	Reserve int64
	// Fetch downloads the images at urls (http and https), returning for
	// each its bytes or why it has none; nil downloads nothing, and an
	// image on the web is then left out. It is called once, with every
	// address the posts show.
	Fetch func(ctx context.Context, urls []string) ([][]byte, []error)
	// SiteURL is the blog's address on the web ("" when unknown): an
	// image there is looked for in the source folder (see siteFiles).
	SiteURL string
}

// PrepareBook finds every image the posts of b show, makes each distinct
// one ready for both renderers once (checked, upright, converted to JPEG
// or PNG, scaled down), and puts them in b.Images. Each image node of docs
// is rewritten to name its asset (book.Book.Image finds it); an image that
// cannot be used is replaced by its alt text, with one warning per post
// and image. It runs once, on documents as markup parsed them. The result
// does not depend on how the work was scheduled.
func PrepareBook(ctx context.Context, b *book.Book, docs markup.Docs, opts StageOptions, rep *book.Report) error {
	uses := collectImages(b, docs)
	s := &stage{entries: map[[sha256.Size]byte]*entry{}, remote: fetchRemote(ctx, uses, opts.Fetch), site: newSiteFiles(opts.SiteURL, b.Posts())}
	err := parallel.ForEach(ctx, len(uses), func(i int) error {
		s.resolve(uses[i])
		return nil
	})
	if err != nil {
		return err
	}
	assets := usedAssets(uses)
	if opts.MaxBytes > 0 {
		budget := opts.MaxBytes - opts.Reserve - textShare(b.Posts())
		side, err := fitBudget(ctx, assets, budget)
		if err != nil {
			return err
		}
		if side > 0 {
			rep.Note("images scaled down to %d px on their long side to keep the EPUB under %s", side, sizeText(opts.MaxBytes))
		}
	}
	// What is left out is said once a post and reason, with the first
	// image's line: a post of forty web images is one thing to fix.
	type lost struct {
		post *book.Post
		why  string
	}
	var order []lost
	byReason := map[lost][]*imageUse{}
	for _, u := range uses {
		if why := u.apply(); why != "" {
			k := lost{u.post, why}
			if byReason[k] == nil {
				order = append(order, k)
			}
			byReason[k] = append(byReason[k], u)
		}
	}
	// A feed or an export holds many posts: its file names none of them.
	perFile := map[string]int{}
	for _, p := range b.Posts() {
		perFile[p.Source]++
	}
	for _, k := range order {
		first, more := byReason[k][0], len(byReason[k])-1
		post := ""
		if perFile[first.post.Source] > 1 {
			post = fmt.Sprintf("post %q: ", first.post.Title)
		}
		switch {
		case k.why == noAddress: // one use a post: its images share the address ""
			rep.Warn(first.post.Source, first.line, "%san image with no address; its alt text is printed", post)
		case more == 0:
			rep.Warn(first.post.Source, first.line, "%simage %q: %s; its alt text is printed (its name, when it has none)", post, ShortAddress(first.dest), k.why)
		default:
			rep.Warn(first.post.Source, first.line, "%simage %q and %d more of this post: %s; their alt text is printed (their names, when they have none)", post, ShortAddress(first.dest), more, k.why)
		}
	}
	b.Images = assets
	return nil
}

// PrepareCover makes a cover image the blogger gave ready for both books,
// like the posts' images but kept up to the height reading systems ask for
// (it is shown full screen). name is the file's name, for messages.
func PrepareCover(data []byte, name string) (*book.Asset, error) {
	if isSVG(data, name) {
		return nil, fmt.Errorf("cover image %q cannot be used: SVG covers are not shown by every e-reader nor printed", name)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("cover image %q cannot be used: %w", name, tooLarge(len(data)))
	}
	pic, err := prepare(data, cover.Height)
	if err != nil {
		return nil, fmt.Errorf("cover image %q cannot be used: %w", name, err)
	}
	return &book.Asset{Name: "images/cover" + Ext(pic.mediaType), MediaType: pic.mediaType, Data: pic.data,
		Width: pic.w, Height: pic.h, SourceWidth: pic.srcW}, nil
}

// imageUse is one image as one post shows it, however many times.
type imageUse struct {
	post  *book.Post
	dest  string
	line  int // of its first occurrence, 0 when unknown
	nodes []*ast.Image

	// Set by resolve: the prepared image, or why there is none.
	entry *entry
	why   string
}

// collectImages lists the images of every post, in reading order, each
// destination once per post.
func collectImages(b *book.Book, docs markup.Docs) []*imageUse {
	var uses []*imageUse
	for _, p := range b.Posts() {
		doc := docs[p.ID]
		if doc == nil || doc.Root == nil {
			continue
		}
		byDest := map[string]*imageUse{}
		ast.Walk(doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			img, ok := n.(*ast.Image)
			if !ok || !entering {
				return ast.WalkContinue, nil
			}
			dest := mediaDest(p.MediaPath, string(img.Destination))
			u := byDest[dest]
			if u == nil {
				u = &imageUse{post: p, dest: dest, line: imageLine(doc, img)}
				byDest[dest] = u
				uses = append(uses, u)
			}
			u.nodes = append(u.nodes, img)
			return ast.WalkContinue, nil
		})
	}
	return uses
}

// imageLine returns the line of the post's source file an image is on, or
// 0 when unknown.
func imageLine(doc *markup.Doc, img *ast.Image) int {
	if doc.Post.BodyLine <= 0 {
		return 0
	}
	start := -1
	if t, ok := img.FirstChild().(*ast.Text); ok {
		start = t.Segment.Start
	} else {
		for n := img.Parent(); n != nil && start < 0; n = n.Parent() {
			if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
				start = n.Lines().At(0).Start
			}
		}
	}
	if start < 0 || start > len(doc.Source) {
		return 0
	}
	return doc.Post.BodyLine + bytes.Count(doc.Source[:start], []byte("\n"))
}

// entry is one distinct source image, prepared once.
type entry struct {
	once  sync.Once
	asset *book.Asset
	err   error
}

// stage holds the distinct images met so far, by a hash of their bytes.
type stage struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]*entry
	remote  map[string]download // images on the web, by address
	site    *siteFiles
}

// download is an image fetched from the web, or why it was not.
type download struct {
	data []byte
	err  error
}

// webAddress returns the address to fetch an image on the web from, or
// false when dest is not on the web.
func webAddress(dest string) (string, bool) {
	if strings.HasPrefix(dest, "//") {
		return "https:" + dest, true
	}
	return dest, strings.Contains(dest, "://")
}

// fetchRemote downloads, with fetch, every image of uses that is on the
// web, each address once.
func fetchRemote(ctx context.Context, uses []*imageUse, fetch func(context.Context, []string) ([][]byte, []error)) map[string]download {
	if fetch == nil {
		return nil
	}
	var urls []string
	seen := map[string]bool{}
	for _, u := range uses {
		if addr, ok := webAddress(u.dest); ok && !seen[addr] {
			seen[addr] = true
			urls = append(urls, addr)
		}
	}
	if len(urls) == 0 {
		return nil
	}
	data, errs := fetch(ctx, urls)
	out := make(map[string]download, len(urls))
	for i, addr := range urls {
		out[addr] = download{data[i], errs[i]}
	}
	return out
}

// resolve finds, reads and prepares the image of u. Images with the same
// bytes share one entry, prepared by whichever use comes first: the result
// depends on the bytes alone.
func (s *stage) resolve(u *imageUse) {
	data, why := s.load(u.post, u.dest)
	if why != "" {
		u.why = why
		return
	}
	sum := sha256.Sum256(data)
	s.mu.Lock()
	e := s.entries[sum]
	if e == nil {
		e = &entry{}
		s.entries[sum] = e
	}
	s.mu.Unlock()
	e.once.Do(func() { e.asset, e.err = newAsset(data, sum) })
	u.entry = e
}

// lfsPointer opens the small file Git LFS leaves in a clone in place of a
// file it did not download.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1")

// newAsset prepares an image whose bytes hash to sum. It is named by that
// hash, so that its name does not depend on where or how often it is
// found, nor on the size budget.
func newAsset(data []byte, sum [sha256.Size]byte) (*book.Asset, error) {
	prepareAny := prepare
	if isSVG(data, ".svg") {
		prepareAny = rasterSVG
	}
	pic, err := prepareAny(data, DefaultMaxSide)
	if errors.Is(err, ErrFormat) && bytes.HasPrefix(data, lfsPointer) {
		// A repository that keeps its images in Git LFS, cloned without
		// them: a small text file stands where each image should be.
		return nil, errors.New("it is a Git LFS pointer, not the image: fetch the images with `git lfs pull` in the blog's repository")
	}
	if errors.Is(err, ErrFormat) {
		return nil, errors.New("it is not a PNG, JPEG, GIF, WebP or BMP image")
	}
	if err != nil {
		return nil, err
	}
	return &book.Asset{
		Name:      fmt.Sprintf("images/%x%s", sum[:8], Ext(pic.mediaType)),
		MediaType: pic.mediaType, Data: pic.data,
		Width: pic.w, Height: pic.h, SourceWidth: pic.srcW,
	}, nil
}

// load returns the bytes of the image dest of post p, or why it cannot.
func (s *stage) load(p *book.Post, dest string) ([]byte, string) {
	if strings.TrimSpace(dest) == "" {
		return nil, "it has no address"
	}
	if len(dest) >= 5 && strings.EqualFold(dest[:5], "data:") {
		return dataURI(dest)
	}
	if sp, ok := s.site.sitePath(dest); ok {
		if data, ok := s.site.find(p, sp); ok {
			return data, ""
		}
	}
	if addr, ok := webAddress(dest); ok {
		d, fetched := s.remote[addr]
		switch {
		case !fetched:
			return nil, "it is on the web and was not downloaded"
		case d.err != nil:
			return nil, fmt.Sprintf("it could not be downloaded: %v", d.err)
		case len(d.data) > MaxFileBytes:
			return nil, tooLarge(len(d.data)).Error()
		}
		return d.data, ""
	}
	if p.Assets == nil {
		return nil, "not found: the post has no folder of its own"
	}
	ref := dest
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	// An address as a browser would send it (my%20pic.png) names the file
	// "my pic.png"; a file may also be named with the % itself.
	refs := []string{ref}
	if decoded, err := url.PathUnescape(ref); err == nil && decoded != ref {
		refs = []string{decoded, ref}
	}
	outside := false
	for _, r := range refs {
		name, ok := p.ResolveAsset(r)
		if !ok {
			outside = true
			continue
		}
		data, err := readFile(p.Assets, name)
		switch {
		case err == nil:
			return data, ""
		case errors.Is(err, fs.ErrNotExist):
			continue
		case errors.As(err, new(tooLarge)):
			return nil, err.Error()
		default:
			return nil, fmt.Sprintf("it cannot be read: %v", unwrapPath(err))
		}
	}
	if data, ok := s.site.find(p, ref); ok {
		return data, ""
	}
	if outside {
		return nil, "it is outside the post's source folder"
	}
	return nil, "not found"
}

// tooLarge is a file of so many bytes, over MaxFileBytes.
type tooLarge int64

func (n tooLarge) Error() string {
	return fmt.Sprintf("the file is %s, over the limit of %s", sizeText(int64(n)), sizeText(MaxFileBytes))
}

// readFile reads name from fsys unless it is larger than MaxFileBytes.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fs.ErrNotExist
	}
	if info.Size() > MaxFileBytes {
		return nil, tooLarge(info.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge(len(data))
	}
	return data, nil
}

// sizeText writes a size in bytes for messages.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MB"
	}
	return strconv.FormatInt((n+1<<10-1)>>10, 10) + " KB"
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dataURI decodes an image written in its address (data:image/png;base64,…).
func dataURI(dest string) ([]byte, string) {
	meta, payload, ok := strings.Cut(dest[len("data:"):], ",")
	if !ok {
		return nil, "its data: address has no data"
	}
	if len(payload)/4*3 > MaxFileBytes {
		return nil, tooLarge(len(payload) / 4 * 3).Error()
	}
	if !strings.HasSuffix(strings.ToLower(meta), ";base64") {
		data, err := url.PathUnescape(payload)
		if err != nil {
			return nil, "its data: address cannot be decoded"
		}
		return []byte(data), ""
	}
	// Base64 in Markdown is often wrapped, or percent-encoded, and its
	// padding dropped.
	payload = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, payload)
	if p, err := url.PathUnescape(payload); err == nil {
		payload = p
	}
	data, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "="))
	if err != nil {
		return nil, "its data: address cannot be decoded"
	}
	return data, ""
}

// usedAssets returns the assets of the images that could be prepared,
// each once, sorted by name.
func usedAssets(uses []*imageUse) []*book.Asset {
	var assets []*book.Asset
	seen := map[*book.Asset]bool{}
	for _, u := range uses {
		if u.entry == nil || u.entry.asset == nil || seen[u.entry.asset] {
			continue
		}
		seen[u.entry.asset] = true
		assets = append(assets, u.entry.asset)
	}
	slices.SortFunc(assets, func(a, b *book.Asset) int { return strings.Compare(a.Name, b.Name) })
	return assets
}

// noAddress is why an image without an address is left out.
const noAddress = "no address"

// apply rewrites the image nodes of u to name the asset, or replaces them
// by their alt text and returns why.
func (u *imageUse) apply() string {
	why := u.why
	if why == "" && u.entry.err != nil {
		why = u.entry.err.Error()
	}
	if why == "" {
		for _, img := range u.nodes {
			markup.PointAt(img, u.entry.asset.Name)
		}
		return ""
	}
	if strings.TrimSpace(u.dest) == "" {
		why = noAddress
	}
	for _, img := range u.nodes {
		replaceByAlt(img, u.dest)
	}
	return why
}

// ShortAddress shortens an image's address for a message: a data: address to its
// start, any other to its start and its end, where the file's name is.
func ShortAddress(dest string) string {
	const head, tail = 24, 32
	if len(dest) <= head+tail+1 {
		return dest
	}
	h := dest[:safeCut(dest, head)]
	if strings.HasPrefix(dest, "data:") {
		return h + "…"
	}
	return h + "…" + dest[safeCut(dest, len(dest)-tail):]
}

// safeCut moves a cut at byte i back to the start of its UTF-8 sequence.
func safeCut(s string, i int) int {
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}

// replaceByAlt puts an image's alt text (its children) where the image was,
// or, when it has none, "Image: " and its file's name.
func replaceByAlt(img *ast.Image, dest string) {
	parent := img.Parent()
	if parent == nil {
		return
	}
	if img.FirstChild() == nil && strings.TrimSpace(dest) != "" {
		// Without alt text, the image's name says that one was there,
		// as a link to it when it is on the web (and not in a link).
		name := path.Base(strings.SplitN(strings.SplitN(dest, "?", 2)[0], "#", 2)[0])
		if strings.HasPrefix(dest, "data:") {
			name = "embedded"
		}
		var label ast.Node = ast.NewString([]byte("Image: " + name))
		if web := strings.HasPrefix(dest, "https://") || strings.HasPrefix(dest, "http://"); web && !inLink(img) {
			l := ast.NewLink()
			l.Destination = []byte(dest)
			l.AppendChild(l, label)
			label = l
		}
		parent.InsertBefore(parent, img, label)
		parent.RemoveChild(parent, img)
		return
	}
	for c := img.FirstChild(); c != nil; {
		next := c.NextSibling()
		img.RemoveChild(img, c)
		parent.InsertBefore(parent, img, c)
		c = next
	}
	parent.RemoveChild(parent, img)
}

// inLink reports whether n is inside a link.
func inLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.Link); ok {
			return true
		}
	}
	return false
}
