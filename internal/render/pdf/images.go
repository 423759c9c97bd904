package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // decoders of the formats blogs use
	"image/jpeg"
	"image/png"
	"io/fs"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/yuin/goldmark/ast"
	_ "golang.org/x/image/bmp"
	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// picture is an image ready for fpdf: JPEG as found, anything else
// re-encoded as a plain PNG (fpdf reads no interlaced or 16-bit PNG, GIF
// animation, WebP or BMP).
type picture struct {
	name string // fpdf image name, unique in the book
	typ  string // "jpg" or "png"
	data []byte
	w, h int // pixels
	srcW int // width of the original, when it was scaled down
}

type pictureEntry struct {
	once sync.Once // decodes the image for the first post that shows it
	pic  *picture
	fail string // why the image is left out
}

// imageCache decodes each image of the book once for all passes. Posts
// are laid out on several goroutines at once: mu guards the maps, and an
// image is decoded outside it, so that one large photo does not hold up
// the other posts.
type imageCache struct {
	mu     sync.Mutex
	m      map[string]*pictureEntry
	byName map[string]*picture
	// maxPx is the width, in pixels, past which an image is scaled down:
	// 300 dpi across the text block is all a printer uses.
	maxPx int
}

// load finds, reads and converts the image dest of post p.
func (c *imageCache) load(p *book.Post, dest string) (*picture, string) {
	name, ok := p.ResolveAsset(dest)
	if !ok {
		if strings.Contains(dest, "://") || strings.HasPrefix(dest, "//") {
			return nil, fmt.Sprintf("image %q is on the web and is not fetched; its alt text is printed", dest)
		}
		return nil, fmt.Sprintf("image %q is outside the post's files; its alt text is printed", dest)
	}
	key := fmt.Sprintf("%p:%s", p.Assets, name)
	c.mu.Lock()
	e := c.m[key]
	if e == nil {
		e = &pictureEntry{}
		c.m[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		e.pic, e.fail = convertImage(p.Assets, name, c.maxPx)
		if e.pic != nil {
			// fpdf names an image by its content: the same picture twice must
			// be one image of the PDF.
			sum := sha256.Sum256(e.pic.data)
			e.pic.name = "img-" + hex.EncodeToString(sum[:12])
			c.mu.Lock()
			c.byName[e.pic.name] = e.pic
			c.mu.Unlock()
		}
	})
	return e.pic, e.fail
}

func convertImage(fsys fs.FS, name string, maxPx int) (*picture, string) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Sprintf("read image %q: %v; its alt text is printed", name, err)
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Sprintf("decode image %q: %v; its alt text is printed", name, err)
	}
	b := img.Bounds()
	if b.Dx() == 0 || b.Dy() == 0 {
		return nil, fmt.Sprintf("image %q is empty; its alt text is printed", name)
	}
	_, cmyk := img.(*image.CMYK)
	large := maxPx > 0 && b.Dx() > maxPx
	if format == "jpeg" && !cmyk && b.Dx() <= 2*maxPx { // fpdf reads baseline and progressive JPEG alike
		return &picture{typ: "jpg", data: data, w: b.Dx(), h: b.Dy()}, ""
	}
	w, h := b.Dx(), b.Dy()
	if large {
		w, h = maxPx, max(1, b.Dy()*maxPx/b.Dx())
	}
	rgba := image.NewNRGBA(image.Rect(0, 0, w, h))
	if large {
		xdraw.CatmullRom.Scale(rgba, rgba.Bounds(), img, b, xdraw.Src, nil)
	} else {
		draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	}
	var buf bytes.Buffer
	var err2 error
	typ := "png"
	if format == "jpeg" {
		typ, err2 = "jpg", jpeg.Encode(&buf, rgba, &jpeg.Options{Quality: 90})
	} else {
		err2 = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, rgba)
	}
	if err2 != nil {
		return nil, fmt.Sprintf("convert image %q: %v; its alt text is printed", name, err2)
	}
	pic := &picture{typ: typ, data: buf.Bytes(), w: w, h: h}
	if large {
		pic.srcW = b.Dx() // the drawn size stays that of the original
	}
	return pic, ""
}

// widen returns pic's image w pixels wide: the new columns are clear in a
// PNG and white in a JPEG.
func widen(pic *picture, w int) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(pic.data))
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, w, b.Dy()))
	if pic.typ == "jpg" {
		draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	}
	draw.Draw(out, image.Rect(0, 0, b.Dx(), b.Dy()), img, b.Min, draw.Src)
	var buf bytes.Buffer
	if pic.typ == "jpg" {
		err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: 92})
	} else {
		err = png.Encode(&buf, out)
	}
	return buf.Bytes(), err
}

// figure lays out an image scaled to the text block, kept with its
// caption, if any (the inlines of a markup.FigureCaption). An image that
// cannot be had leaves its alt text, with a warning.
func (l *layouter) figure(img *ast.Image, caption ast.Node, c bctx) {
	g := l.g
	alt := strings.TrimSpace(plainText(img, l.src))
	capSt := style{face: serifItalic, size: g.smallSz, gray: 60}
	pic, fail := l.imgs.load(l.post, string(img.Destination))
	if pic == nil {
		l.rep.Warn(l.post.Source, 0, "%s", fail)
		if alt != "" {
			l.space(c.lead * 0.3)
			l.out = append(l.out, l.textItems([]span{{text: "[" + alt + "]", st: capSt}}, c.x, c.width, 0, c.lead, alignCenter)...)
			l.space(c.lead * 0.3)
		}
		l.caption(caption, capSt, c)
		return
	}
	px := pic.w
	if pic.srcW > 0 {
		px = pic.srcW
	}
	w := min(c.width, float64(px)*72/110)
	h := w * float64(pic.h) / float64(pic.w)
	if maxH := g.textH() * 0.6; h > maxH {
		h = maxH
		w = h * float64(pic.w) / float64(pic.h)
	}
	l.space(c.lead * 0.6)
	it := &vitem{h: h, ops: []op{{kind: opImage, x: c.x + (c.width-w)/2, y: 0, w: w, h: h, text: pic.name}}}
	l.takePending(it, 0)
	l.out = append(l.out, it)
	if caption != nil {
		it.keepNext = true
	}
	l.caption(caption, capSt, c)
	l.space(c.lead * 0.6)
}
