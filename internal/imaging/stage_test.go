package imaging

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yuin/goldmark/ast"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source/markdown"
)

// post is a post of a test book: its folder in the book's files and its
// Markdown.
type post struct{ dir, body string }

// stageBook makes a book of posts whose images resolve in fsys, parses it,
// and runs the stage on it.
func stageBook(t *testing.T, fsys fs.FS, opts StageOptions, posts ...post) (*book.Book, markup.Docs, *book.Report) {
	t.Helper()
	ch := &book.Chapter{ID: "c", Title: "Chapter"}
	for i, p := range posts {
		ch.Posts = append(ch.Posts, &book.Post{ID: fmt.Sprintf("p%d", i), Title: "Post", Body: []byte(p.body),
			Source: fmt.Sprintf("%s/post%d.md", p.dir, i), BodyLine: 5, Assets: fsys, AssetDir: p.dir})
	}
	b := &book.Book{Title: "Test", Chapters: []*book.Chapter{ch}}
	docs, rep := prepareBook(t, b, opts)
	return b, docs, rep
}

func prepareBook(t *testing.T, b *book.Book, opts StageOptions) (markup.Docs, *book.Report) {
	t.Helper()
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := &book.Report{}
	if err := PrepareBook(context.Background(), b, docs, opts, rep); err != nil {
		t.Fatal(err)
	}
	return docs, rep
}

// shown lists what a post shows where its images were: "img:DEST" for an
// image, the text for the rest.
func shown(doc *markup.Doc) []string {
	var out []string
	ast.Walk(doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Image:
			out = append(out, "img:"+string(v.Destination))
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			out = append(out, string(v.Segment.Value(doc.Source)))
		case *ast.String:
			out = append(out, string(v.Value))
		}
		return ast.WalkContinue, nil
	})
	return out
}

func dataURL(mediaType string, data []byte) string {
	return "data:" + mediaType + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// svgDrawing is a drawing 120 by 60 with a DOCTYPE, a script and an
// external reference: the picture made of it holds none of them.
const svgDrawing = `<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60" viewBox="0 0 120 60">
<script>alert(1)</script>
<image xlink:href="https://example.org/tracker.png" width="1" height="1"/>
<rect x="10" y="10" width="100" height="40" fill="#c33"/>
</svg>`

func TestPrepareBookFindsImages(t *testing.T) {
	small := encPNG(t, photo(40, 30))
	fsys := fstest.MapFS{
		"posts/my pic.png":     {Data: small},
		"posts/odd%20name.png": {Data: encPNG(t, photo(41, 30))},
		"posts/photo.jpg":      {Data: encJPEG(t, photo(50, 20))},
		"images/site.png":      {Data: encPNG(t, photo(42, 30))},
		"posts/anim.gif":       {Data: encGIF(t, photo(43, 30))},
		"posts/text.png":       {Data: []byte("this is not an image")},
		"posts/drawing.svg":    {Data: []byte(svgDrawing)},
		"posts/nosize.svg":     {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"posts/huge.jpg":       {Data: make([]byte, MaxFileBytes+1<<20)},
		"posts/folder.png":     {Mode: fs.ModeDir},
	}
	tests := []struct {
		name, body string
		wantType   string // of the asset; "" when the image cannot be used
		wantW      int
		wantWhy    string
	}{
		{"percent-encoded", "![a](my%20pic.png)", PNG, 40, ""},
		{"named with a percent", "![a](odd%20name.png)", PNG, 41, ""},
		{"angle brackets and a space", "![a](<my pic.png>)", PNG, 40, ""},
		{"query and fragment", "![a](photo.jpg?w=300#top)", JPEG, 50, ""},
		{"site-absolute", "![a](/images/site.png)", PNG, 42, ""},
		{"relative upwards", "![a](../images/site.png)", PNG, 42, ""},
		{"data URI", "![a](" + dataURL("image/png", small) + ")", PNG, 40, ""},
		{"data URI unpadded", "![a](" + strings.TrimRight(dataURL("image/png", small), "=") + ")", PNG, 40, ""},
		{"GIF to PNG", "![a](anim.gif)", PNG, 43, ""},
		{"no address", "![a]()", "", 0, `an image with no address; its alt text is printed`},
		{"missing", "![a](missing.png)", "", 0, `image "missing.png": not found; its alt text is printed (its name, when it has none)`},
		{"a folder", "![a](folder.png)", "", 0, `image "folder.png": not found; its alt text is printed (its name, when it has none)`},
		{"remote", "![a](https://example.org/x.png)", "", 0, `image "https://example.org/x.png": it is on the web and was not downloaded; its alt text is printed (its name, when it has none)`},
		{"outside", "![a](../../../etc/x.png)", "", 0, `image "../../../etc/x.png": it is outside the post's source folder; its alt text is printed (its name, when it has none)`},
		{"not an image", "![a](text.png)", "", 0, `image "text.png": it is not a PNG, JPEG, GIF, WebP or BMP image; its alt text is printed (its name, when it has none)`},
		{"SVG drawn as PNG", "![a](drawing.svg)", PNG, 1200, ""},
		{"SVG without a size", "![a](nosize.svg)", "", 0, `image "nosize.svg": the SVG drawing gives no size (width, height or viewBox); its alt text is printed (its name, when it has none)`},
		{"too many bytes", "![a](huge.jpg)", "", 0, `image "huge.jpg": the file is 51 MB, over the limit of 50 MB; its alt text is printed (its name, when it has none)`},
		{"bad data URI", "![a](data:image/png;base64,@@@)", "", 0, `image "data:image/png;base64,@@@": its data: address cannot be decoded; its alt text is printed (its name, when it has none)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, docs, rep := stageBook(t, fsys, StageOptions{}, post{"posts", "Text\n\n" + tt.body + "\n"})
			got := shown(docs["p0"])
			if tt.wantType == "" {
				if len(b.Images) != 0 || !reflect.DeepEqual(got, []string{"Text", "a"}) {
					t.Errorf("images %d, shown %q; want none and the alt text", len(b.Images), got)
				}
				want := []book.Warning{{Source: "posts/post0.md", Line: 7, Msg: tt.wantWhy}}
				if !reflect.DeepEqual(rep.Warnings, want) {
					t.Errorf("warnings:\n got %v\nwant %v", rep.Warnings, want)
				}
				return
			}
			if len(rep.Warnings) != 0 || len(b.Images) != 1 {
				t.Fatalf("images %d, warnings %v", len(b.Images), rep.Warnings)
			}
			a := b.Images[0]
			wantSrc := tt.wantW
			if strings.HasSuffix(tt.body, ".svg)") {
				wantSrc = 120 // drawn larger than its own size, printed at it
			}
			if a.MediaType != tt.wantType || a.Width != tt.wantW || a.SourceWidth != wantSrc {
				t.Errorf("asset %s %dx%d (source %d), want %s %d wide", a.MediaType, a.Width, a.Height, a.SourceWidth, tt.wantType, tt.wantW)
			}
			if format, w, _ := decodeSize(t, a.Data); "image/"+format != a.MediaType || w != a.Width {
				t.Errorf("data is %s %d wide, asset says %s %d", format, w, a.MediaType, a.Width)
			}
			if !strings.HasPrefix(a.Name, "images/") || len(a.Name) != len("images/")+16+len(Ext(a.MediaType)) || !strings.HasSuffix(a.Name, Ext(a.MediaType)) {
				t.Errorf("asset name %q", a.Name)
			}
			if !reflect.DeepEqual(got, []string{"Text", "img:" + a.Name}) || b.Image(a.Name) != a {
				t.Errorf("shown %q, want the image named %s", got, a.Name)
			}
		})
	}
}

// TestLeftOutImageWithoutAlt shows an image the book cannot print, which
// has no alt text, as its name: a link to it when it is on the web and
// not in a link already, and, on its alt-less use, no accessibility
// warning, since no image is left to describe.
func TestLeftOutImageWithoutAlt(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, tt := range []struct{ body, want string }{
		{"![](https://example.org/pics/lake.png?w=300)", "[Text link:https://example.org/pics/lake.png?w=300 Image: lake.png]"},
		{"[![](https://example.org/a.png)](https://example.org/)", "[Text link:https://example.org/ Image: a.png]"},
		{"![](missing.png)", "[Text Image: missing.png]"},
	} {
		_, docs, _ := stageBook(t, fsys, StageOptions{}, post{"posts", "Text\n\n" + tt.body + "\n"})
		var got []string
		ast.Walk(docs["p0"].Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering {
				switch v := n.(type) {
				case *ast.Link:
					got = append(got, "link:"+string(v.Destination))
				case *ast.Text:
					got = append(got, string(v.Segment.Value(docs["p0"].Source)))
				case *ast.String:
					got = append(got, string(v.Value))
				case *ast.Image:
					got = append(got, "img:"+string(v.Destination))
				}
			}
			return ast.WalkContinue, nil
		})
		if fmt.Sprint(got) != tt.want {
			t.Errorf("%s: shown %v, want %s", tt.body, got, tt.want)
		}
		if missing := docs["p0"].MissingAlt(nil); len(missing) != 0 {
			t.Errorf("%s: missing alt %v", tt.body, missing)
		}
	}
}

// TestPrepareBookSiteImages checks that /images/x.png is found where the
// site generator's web server found it: a Hugo site's static folder, a
// Jekyll site's root.
func TestPrepareBookSiteImages(t *testing.T) {
	img := encPNG(t, photo(30, 20))
	sites := map[string]fstest.MapFS{
		"hugo": {
			"hugo.toml":           {Data: []byte("title = 'x'\n")},
			"content/posts/a.md":  {Data: []byte("---\ntitle: A\ndate: 2020-01-02\n---\n\n![a](/images/x.png)\n")},
			"static/images/x.png": {Data: img},
		},
		"jekyll": {
			"_config.yml":               {Data: []byte("title: x\n")},
			"_posts/2020-01-02-a.md":    {Data: []byte("---\ntitle: A\n---\n\n![a](/images/x.png)\n")},
			"images/x.png":              {Data: img},
			"_posts/2020-01-03-b.md":    {Data: []byte("---\ntitle: B\n---\n\n![b](../images/x.png)\n")},
			"assets/unrelated/file.txt": {Data: []byte("x")},
		},
	}
	for name, fsys := range sites {
		t.Run(name, func(t *testing.T) {
			posts, err := markdown.Load(context.Background(), fsys, ".", name, markdown.Options{}, &book.Report{})
			if err != nil || len(posts) == 0 {
				t.Fatalf("load: %d posts, %v", len(posts), err)
			}
			for i, p := range posts {
				p.ID = fmt.Sprint("p", i)
			}
			b := &book.Book{Chapters: []*book.Chapter{{Posts: posts}}}
			_, rep := prepareBook(t, b, StageOptions{})
			if len(rep.Warnings) != 0 || len(b.Images) != 1 {
				t.Errorf("images %d, warnings %v", len(b.Images), rep.Warnings)
			}
		})
	}
}

func TestPrepareBookOrientsPhotos(t *testing.T) {
	// Stored as the sensor saw it, 60x20, with EXIF saying to turn it a
	// quarter right (orientation 6): upright it is 20x60.
	src := photo(60, 20)
	fsys := fstest.MapFS{"p/turned.jpg": {Data: withEXIFOrientation(encJPEG(t, src), 6)}}
	b, _, rep := stageBook(t, fsys, StageOptions{}, post{"p", "![a](turned.jpg)"})
	if len(b.Images) != 1 || len(rep.Warnings) != 0 {
		t.Fatalf("images %d, warnings %v", len(b.Images), rep.Warnings)
	}
	a := b.Images[0]
	if a.Width != 20 || a.Height != 60 || a.SourceWidth != 20 {
		t.Errorf("asset is %dx%d (source width %d), want 20x60 (20)", a.Width, a.Height, a.SourceWidth)
	}
	if _, w, h := decodeSize(t, a.Data); w != 20 || h != 60 {
		t.Errorf("data is %dx%d, want 20x60", w, h)
	}
	if orientation(a.Data) > 1 {
		t.Error("the turned copy still says to turn it")
	}
	// The top-left pixel of the stored image is now top right.
	img, _, err := image.Decode(bytes.NewReader(a.Data))
	if err != nil {
		t.Fatal(err)
	}
	if !near(img.At(19, 0), src.At(0, 0)) || !near(img.At(0, 59), src.At(59, 19)) {
		t.Errorf("corners %v %v, want %v %v", img.At(19, 0), img.At(0, 59), src.At(0, 0), src.At(59, 19))
	}
}

// near reports whether two colours differ by no more than JPEG's loss.
func near(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) bool { return max(x, y)-min(x, y) < 0x2000 }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

// bombPNG is a whole, tiny PNG whose header claims w x h pixels.
func bombPNG(w, h int) []byte {
	chunk := func(out []byte, typ string, data []byte) []byte {
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		start := len(out)
		out = append(out, typ...)
		out = append(out, data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	out := chunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", ihdr)
	out = chunk(out, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return chunk(out, "IEND", nil)
}

func TestPrepareBookRefusesBombs(t *testing.T) {
	bomb := bombPNG(100000, 100000)
	fsys := fstest.MapFS{"p/bomb.png": {Data: bomb}}
	posts := []post{{"p", "![a](bomb.png)\n\nAgain: ![a](bomb.png)\n"}}
	stageBook(t, fsys, StageOptions{}, posts...) // warm up goldmark and the decoders

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	b, _, rep := stageBook(t, fsys, StageOptions{}, posts...)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if took > time.Second {
		t.Errorf("took %v: the image was decoded", took)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d bytes: the image was decoded", n)
	}
	want := []book.Warning{{Source: "p/post0.md", Line: 5, Msg: `image "bomb.png": its 100000×100000 pixels are over the limit of 120 million; its alt text is printed (its name, when it has none)`}}
	if len(b.Images) != 0 || !reflect.DeepEqual(rep.Warnings, want) {
		t.Errorf("images %d, warnings:\n got %v\nwant %v", len(b.Images), rep.Warnings, want)
	}
	if len(bomb) > 80 {
		t.Errorf("the bomb is %d bytes", len(bomb))
	}
}

func TestPrepareBookSharesImages(t *testing.T) {
	img := encJPEG(t, photo(64, 48))
	fsys := fstest.MapFS{
		"a/cat.jpg":      {Data: img},
		"b/same-cat.jpg": {Data: img},
		"b/other.png":    {Data: encPNG(t, photo(10, 10))},
	}
	b, docs, rep := stageBook(t, fsys, StageOptions{},
		post{"a", "![one](cat.jpg) ![two](cat.jpg) ![gone](gone.png) ![again](gone.png)"},
		post{"b", "![three](same-cat.jpg) ![four](other.png) ![gone](../a/gone.png)"})
	if len(b.Images) != 2 {
		t.Fatalf("%d assets, want 2", len(b.Images))
	}
	if b.Images[0].Name > b.Images[1].Name {
		t.Error("images not sorted by name")
	}
	cat := b.Images[firstOfType(b.Images, JPEG)]
	if got := shown(docs["p0"]); !reflect.DeepEqual(got, []string{"img:" + cat.Name, " ", "img:" + cat.Name, " ", "gone", " ", "again"}) {
		t.Errorf("first post shows %q", got)
	}
	if got := shown(docs["p1"]); got[0] != "img:"+cat.Name {
		t.Errorf("second post shows %q", got)
	}
	var msgs []string
	for _, w := range rep.Warnings {
		msgs = append(msgs, w.String())
	}
	want := []string{
		`a/post0.md:5: image "gone.png": not found; its alt text is printed (its name, when it has none)`,
		`b/post1.md:5: image "../a/gone.png": not found; its alt text is printed (its name, when it has none)`,
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("warnings:\n got %q\nwant %q", msgs, want)
	}
}

// firstOfType returns the index of the first asset of a media type.
func firstOfType(assets []*book.Asset, mediaType string) int {
	for i, a := range assets {
		if a.MediaType == mediaType {
			return i
		}
	}
	return -1
}

// noisy is a w x h photo with grain, which compresses about as badly as
// a real one.
func noisy(w, h int, seed uint64) *image.RGBA {
	img := photo(w, h)
	x := seed*2654435761 + 1
	for i := 0; i < len(img.Pix); i += 4 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		for c := range 3 {
			img.Pix[i+c] = uint8(int(img.Pix[i+c])/2 + int(x>>(8*c))%128)
		}
	}
	return img
}

// budgetBook is a post of four large photos, a PNG, and an image
// small enough to be left alone.
func budgetBook(t *testing.T) fstest.MapFS {
	fsys := fstest.MapFS{
		"p/e.png":     {Data: encPNG(t, noisy(700, 500, 9))},
		"p/small.jpg": {Data: encJPEG(t, noisy(300, 200, 7))},
	}
	for i := range 4 {
		fsys[fmt.Sprintf("p/%c.jpg", 'a'+i)] = &fstest.MapFile{Data: encJPEG(t, noisy(1200, 900-100*i, uint64(i)))}
	}
	return fsys
}

const budgetBody = "![a](a.jpg) ![b](b.jpg) ![c](c.jpg) ![d](d.jpg) ![e](e.png) ![small](small.jpg)"

func TestPrepareBookSizeBudget(t *testing.T) {
	fsys := budgetBook(t)
	full, _, _ := stageBook(t, fsys, StageOptions{}, post{"p", budgetBody})
	before := imagesSize(full.Images)
	text := textShare(full.Posts())
	for _, share := range []int64{2, 3, 100} { // of the images' size: a half, a third, too little
		t.Run(fmt.Sprint("1/", share), func(t *testing.T) {
			maxBytes := text + before/share
			b, _, rep := stageBook(t, fsys, StageOptions{MaxBytes: maxBytes}, post{"p", budgetBody})
			after := imagesSize(b.Images)
			if share < 100 && after > before/share {
				t.Errorf("images take %d bytes, over their budget %d", after, before/share)
			}
			if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "images scaled down to") {
				t.Errorf("notes %q", rep.Notes)
			}
			for i, a := range b.Images {
				was := full.Images[i]
				if a.Name != was.Name || a.MediaType != was.MediaType || a.SourceWidth != was.SourceWidth {
					t.Errorf("%s became %s %s", was.Name, a.Name, a.MediaType)
				}
				if format, w, h := decodeSize(t, a.Data); "image/"+format != a.MediaType || w != a.Width || h != a.Height {
					t.Errorf("%s: data is %s %dx%d, asset says %s %dx%d", a.Name, format, w, h, a.MediaType, a.Width, a.Height)
				}
				if was.Width == 300 && !bytes.Equal(a.Data, was.Data) {
					t.Errorf("%s: the small image was changed", a.Name)
				}
				if was.Width == 1200 && (a.Width >= was.Width || len(a.Data) >= len(was.Data)) {
					t.Errorf("%s: a large photo kept its %dx%d", a.Name, a.Width, a.Height)
				}
				if share == 100 && max(a.Width, a.Height) < minShrinkSide && was.Width > minShrinkSide {
					t.Errorf("%s: %dx%d is under the smallest side", a.Name, a.Width, a.Height)
				}
			}
			again, _, _ := stageBook(t, fsys, StageOptions{MaxBytes: maxBytes}, post{"p", budgetBody})
			if !reflect.DeepEqual(b.Images, again.Images) {
				t.Error("a second run gives other images")
			}
		})
	}
	// A budget the book fits changes nothing.
	b, _, rep := stageBook(t, fsys, StageOptions{MaxBytes: text + before}, post{"p", budgetBody})
	if !reflect.DeepEqual(b.Images, full.Images) || len(rep.Notes) != 0 {
		t.Errorf("a budget that fits changed the images (notes %q)", rep.Notes)
	}
}

// TestPrepareBookSameOnOneCore checks that the images, the documents and
// the warnings do not depend on how many cores prepared them.
func TestPrepareBookSameOnOneCore(t *testing.T) {
	fsys := budgetBook(t)
	fsys["q/same-a.jpg"] = fsys["p/a.jpg"]
	fsys["q/bomb.png"] = &fstest.MapFile{Data: bombPNG(100000, 100000)}
	posts := []post{
		{"p", budgetBody + " ![gone](gone.png)"},
		{"q", "![a again](same-a.jpg) ![bomb](bomb.png) ![e](../p/e.png)"},
		{"p", "![c](c.jpg) ![web](https://example.org/x.png)"},
	}
	type result struct {
		Images   []*book.Asset
		Shown    [][]string
		Warnings []book.Warning
		Notes    []string
	}
	run := func(procs int) result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		b, docs, rep := stageBook(t, fsys, StageOptions{MaxBytes: 400 << 10}, posts...)
		r := result{Images: b.Images, Warnings: rep.Warnings, Notes: rep.Notes}
		for _, p := range b.Posts() {
			r.Shown = append(r.Shown, shown(docs[p.ID]))
		}
		return r
	}
	one, two := run(1), run(2)
	if !reflect.DeepEqual(one, two) {
		t.Errorf("GOMAXPROCS 1 and 2 differ:\n%v\n%v", one.Warnings, two.Warnings)
	}
	if len(one.Images) != 6 || len(one.Warnings) != 3 {
		t.Errorf("%d images, warnings %v", len(one.Images), one.Warnings)
	}
}

func TestPrepareCover(t *testing.T) {
	tall := encJPEG(t, photo(1000, 3000))
	a, err := PrepareCover(tall, "cover.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "images/cover.jpg" || a.MediaType != JPEG || a.Width != 853 || a.Height != 2560 || a.SourceWidth != 1000 {
		t.Errorf("cover %s %s %dx%d (source %d)", a.Name, a.MediaType, a.Width, a.Height, a.SourceWidth)
	}
	for name, data := range map[string][]byte{
		"cover.svg": []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
		"bomb.png":  bombPNG(100000, 100000),
		"text.png":  []byte("not an image"),
	} {
		if _, err := PrepareCover(data, name); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v does not refuse it by name", name, err)
		}
	}
}

func TestRasterSVG(t *testing.T) {
	pic, err := rasterSVG([]byte(svgDrawing), 0)
	if err != nil {
		t.Fatal(err)
	}
	if pic.mediaType != PNG || pic.w != 1200 || pic.h != 600 || pic.srcW != 120 {
		t.Fatalf("picture %s %dx%d (source width %d), want PNG 1200x600 from 120", pic.mediaType, pic.w, pic.h, pic.srcW)
	}
	img, err := png.Decode(bytes.NewReader(pic.data))
	if err != nil {
		t.Fatal(err)
	}
	// The rectangle is drawn, red, and the margin around it left clear.
	if r, g, _, a := img.At(600, 300).RGBA(); a == 0 || r>>8 < 0xb0 || g>>8 > 0x50 {
		t.Errorf("the middle of the drawing is %v, want the red rectangle", img.At(600, 300))
	}
	if _, _, _, a := img.At(20, 20).RGBA(); a != 0 {
		t.Errorf("the margin is %v, want transparent", img.At(20, 20))
	}
	for _, bad := range []string{"", "<svg", "not xml at all", `<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>`} {
		if _, err := rasterSVG([]byte(bad), 0); err == nil {
			t.Errorf("rasterSVG(%q) made a picture", bad)
		}
	}
}

func FuzzRasterSVG(f *testing.F) {
	f.Add(svgDrawing)
	f.Add(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0 L10 10 Z" stroke="#000"/></svg>`)
	f.Add(`<svg width="1e9" height="1e9"><circle r="1e300"/></svg>`)
	f.Fuzz(func(t *testing.T, s string) {
		pic, err := rasterSVG([]byte(s), 64)
		if err == nil && (pic.w < 1 || pic.h < 1 || max(pic.w, pic.h) > 64) {
			t.Fatalf("picture %dx%d from %q", pic.w, pic.h, s)
		}
	})
}

// TestLeftOutImagesSaidOncePerPost warns once for the images a post loses
// for one reason, at the first one's line.
func TestLeftOutImagesSaidOncePerPost(t *testing.T) {
	body := "Text\n\n![a](https://example.org/1.png)\n\n![b](https://example.org/2.png)\n\n![c](missing.png)\n\n![d](https://example.org/3.png)\n\n![e]()\n\n![f]()\n"
	_, _, rep := stageBook(t, fstest.MapFS{}, StageOptions{}, post{"posts", body})
	want := []book.Warning{
		{Source: "posts/post0.md", Line: 7, Msg: `image "https://example.org/1.png" and 2 more of this post: it is on the web and was not downloaded; their alt text is printed (their names, when they have none)`},
		{Source: "posts/post0.md", Line: 11, Msg: `image "missing.png": not found; its alt text is printed (its name, when it has none)`},
		{Source: "posts/post0.md", Line: 15, Msg: `an image with no address; its alt text is printed`},
	}
	if !reflect.DeepEqual(rep.Warnings, want) {
		t.Errorf("warnings:\n got %v\nwant %v", rep.Warnings, want)
	}
}

// TestLFSPointer checks that an image a clone left as a Git LFS pointer
// is told of as such, with what to do.
func TestLFSPointer(t *testing.T) {
	fsys := fstest.MapFS{
		"posts/lake.jpg": {Data: []byte("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 123456\n")},
		"posts/odd.jpg":  {Data: []byte("not an image at all")},
	}
	_, _, rep := stageBook(t, fsys, StageOptions{}, post{"posts", "![Lake](lake.jpg)\n\n![Odd](odd.jpg)\n"})
	var got []string
	for _, w := range rep.Warnings {
		got = append(got, w.Msg)
	}
	if len(got) != 2 || !strings.Contains(got[0], "Git LFS pointer") || !strings.Contains(got[0], "git lfs pull") ||
		strings.Contains(got[1], "LFS") {
		t.Errorf("warnings %q", got)
	}
}

// TestWarningsNameTheFeedsPost: a feed or an export holds many posts, so
// a warning about an image of one of them names the post, not only the
// file; a post alone in its file is named by the file and line.
func TestWarningsNameTheFeedsPost(t *testing.T) {
	fsys := fstest.MapFS{}
	feed := &book.Chapter{ID: "c", Title: "Chapter"}
	for i, title := range []string{"First note", "Second note"} {
		feed.Posts = append(feed.Posts, &book.Post{ID: fmt.Sprintf("p%d", i), Title: title, Body: []byte("Text\n\n![a](gone.png)\n"),
			Source: "feed.xml", Assets: fsys, AssetDir: "."})
	}
	b := &book.Book{Title: "Test", Chapters: []*book.Chapter{feed}}
	_, rep := prepareBook(t, b, StageOptions{})
	want := []book.Warning{
		{Source: "feed.xml", Msg: `post "First note": image "gone.png": not found; its alt text is printed (its name, when it has none)`},
		{Source: "feed.xml", Msg: `post "Second note": image "gone.png": not found; its alt text is printed (its name, when it has none)`},
	}
	if !reflect.DeepEqual(rep.Warnings, want) {
		t.Errorf("warnings:\n got %v\nwant %v", rep.Warnings, want)
	}
}
