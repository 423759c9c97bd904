package testkit

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BlogOptions say what WriteBlog writes. The zero value is a blog of ten
// English posts without images, from seed 0.
type BlogOptions struct {
	Posts      int    // how many posts; 0 means 10
	Seed       uint64 // the same seed and options give the same bytes
	Paragraphs int    // the most paragraphs of prose in a post; 0 means 8
	Images     bool   // put a generated picture in one post in three, JPEG and PNG in turn
	French     bool   // write one post in four in French, with lang: fr
	// PhotoEvery puts a camera-sized photo (Photo, PhotoWidth×PhotoHeight)
	// in every PhotoEvery-th post, from the first: 2 is every second post;
	// 0 is none.
	PhotoEvery int
}

// The size of the photos of BlogOptions.PhotoEvery: a camera's picture
// already at the long side the book keeps, so that preparing it costs its
// reading and checking, as for most photos of a blog.
const (
	PhotoWidth  = 1600
	PhotoHeight = 1200
)

// blogThemes are the categories of the posts, each with its tags.
var blogThemes = []struct {
	category string
	tags     []string
}{
	{"Clay", []string{"clay", "wedging", "throwing"}},
	{"Glazes", []string{"glaze", "ash", "colour"}},
	{"Kilns", []string{"kiln", "firing", "reduction"}},
	{"Travel", []string{"travel", "workshops"}},
	{"Studio", []string{"studio", "tools", "teaching"}},
}

var englishWords = strings.Fields(`
	the a of to and in on with for from by at as after before under over
	clay glaze kiln wheel pot bowl jar vase cup plate tile shelf studio
	firing cone flame ash tin iron copper cobalt slip foot rim lid handle
	wet dry slow warm cold bright dark heavy thin thick small tall round
	throw trim wedge load fire cool open close pour dip brush carve press
	morning evening week season spring winter summer autumn teacher student
	colour surface crack crawl pinhole blister glossy matte speckled smooth
	careful patient quiet steady honest simple every each another second
	always never often sometimes slowly quickly together alone again still`)

var frenchWords = strings.Fields(`
	le la les un une des du de et dans sur avec pour par après avant sous
	argile émail four tour pot bol jarre vase tasse assiette carreau étagère
	atelier cuisson cône flamme cendre étain fer cuivre cobalt barbotine pied
	humide sec lent chaud froid clair sombre lourd mince épais petit haut rond
	tourner tournasser pétrir enfourner cuire refroidir ouvrir fermer verser
	matin soir semaine printemps hiver été automne élève maître couleur
	surface fissure brillant mat moucheté lisse patient calme toujours jamais`)

var codeSamples = []string{
	"```sh\nkiln-log --cone 6 --ramp 100 > firing.csv\ngrep -c vent firing.csv\n```",
	"```go\nfunc ramp(from, to, rate int) int {\n\treturn (to - from) / rate\n}\n```",
	"```yaml\nglaze: tin white\nrecipe:\n  - feldspar: 40\n  - silica: 30\n```",
}

// WriteBlog writes a blog of opts.Posts Markdown posts under dir, made
// from opts.Seed: dir/anthology.yaml and dir/posts/post-NNNN.md, each post
// with YAML front matter (title, date, category, tags), paragraphs,
// headings, lists, code, block quotes, links to earlier posts and to the
// web, footnotes, and with opts.Images pictures in dir/posts/images. The
// same options give the same bytes, so tests and benchmarks of any size
// can share blogs without keeping them in testdata.
func WriteBlog(dir string, opts BlogOptions) error {
	if opts.Posts <= 0 {
		opts.Posts = 10
	}
	if opts.Paragraphs <= 0 {
		opts.Paragraphs = 8
	}
	posts := filepath.Join(dir, "posts")
	if err := os.MkdirAll(filepath.Join(posts, "images"), 0o755); err != nil {
		return fmt.Errorf("write blog: %w", err)
	}
	book := "title: Generated Blog\nauthor: Test Writer\nlang: en\n"
	if err := os.WriteFile(filepath.Join(dir, "anthology.yaml"), []byte(book), 0o644); err != nil {
		return fmt.Errorf("write blog: %w", err)
	}
	w := blogWriter{rng: rand.New(rand.NewPCG(opts.Seed, 0xb10c)), opts: opts}
	date := time.Date(2015, 1, 1, 9, 0, 0, 0, time.UTC)
	var photos []int // the posts with a photo
	for i := range opts.Posts {
		date = date.Add(time.Duration(1+w.rng.IntN(96)) * time.Hour)
		name, text, image := w.post(i, date)
		if w.photo(i) {
			photos = append(photos, i)
		}
		if image != nil {
			if err := os.WriteFile(filepath.Join(posts, "images", image.name), image.data, 0o644); err != nil {
				return fmt.Errorf("write blog: %w", err)
			}
		}
		if err := os.WriteFile(filepath.Join(posts, name), []byte(text), 0o644); err != nil {
			return fmt.Errorf("write blog: %w", err)
		}
	}
	return writePhotos(filepath.Join(posts, "images"), photos, opts.Seed)
}

// writePhotos writes the photos of the posts numbered in photos, on all
// cores: each is made from the seed and its post alone.
func writePhotos(dir string, photos []int, seed uint64) error {
	var next atomic.Int64
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k := range errs {
		wg.Go(func() {
			for n := int(next.Add(1) - 1); n < len(photos) && errs[k] == nil; n = int(next.Add(1) - 1) {
				i := photos[n]
				data := Photo(PhotoWidth, PhotoHeight, seed<<32|uint64(i))
				if err := os.WriteFile(filepath.Join(dir, photoName(i)), data, 0o644); err != nil {
					errs[k] = fmt.Errorf("write blog: %w", err)
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// photoName is the file name of the photo of post i.
func photoName(i int) string { return fmt.Sprintf("photo-%04d.jpg", i+1) }

// photo reports whether post i shows a photo.
func (w *blogWriter) photo(i int) bool { return w.opts.PhotoEvery > 0 && i%w.opts.PhotoEvery == 0 }

// blogWriter makes the posts of one blog, in order, from one random source.
type blogWriter struct {
	rng   *rand.Rand
	opts  BlogOptions
	names []string // the file names of the posts written so far
}

type blogImage struct {
	name string
	data []byte
}

// post returns the file name and text of post i, and its picture if any.
func (w *blogWriter) post(i int, date time.Time) (string, string, *blogImage) {
	french := w.opts.French && i%4 == 3
	vocab := englishWords
	if french {
		vocab = frenchWords
	}
	theme := blogThemes[w.rng.IntN(len(blogThemes))]
	title := capitalize(w.words(vocab, 2+w.rng.IntN(5)))
	name := fmt.Sprintf("post-%04d.md", i+1)

	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\n", fmt.Sprintf("%s (%d)", title, i+1), date.Format(time.RFC3339))
	if french {
		b.WriteString("lang: fr\n")
	}
	fmt.Fprintf(&b, "categories: [%s]\ntags: [%s]\n---\n\n", theme.category,
		strings.Join(theme.tags[:1+w.rng.IntN(len(theme.tags))], ", "))

	var img *blogImage
	if w.opts.Images && i%3 == 0 {
		if i%2 == 0 {
			img = &blogImage{fmt.Sprintf("p%04d.jpg", i+1), JPEG(160+w.rng.IntN(160), 120, uint64(i), 0)}
		} else {
			img = &blogImage{fmt.Sprintf("p%04d.png", i+1), PNG(160+w.rng.IntN(160), 120, uint64(i))}
		}
	}
	footnote := w.rng.IntN(5) == 0
	n := 1 + w.rng.IntN(w.opts.Paragraphs)
	for k := range n {
		switch r := w.rng.IntN(20); {
		case k > 0 && r < 3:
			fmt.Fprintf(&b, "## %s\n\n", capitalize(w.words(vocab, 2+w.rng.IntN(4))))
		case r < 5:
			w.list(&b, vocab, r == 4)
		case r < 6:
			b.WriteString(codeSamples[w.rng.IntN(len(codeSamples))] + "\n\n")
		case r < 7:
			fmt.Fprintf(&b, "> %s\n\n", w.sentence(vocab))
		}
		b.WriteString(w.paragraph(vocab))
		if k == 0 && len(w.names) > 0 && w.rng.IntN(2) == 0 {
			fmt.Fprintf(&b, " See [an earlier post](%s).", w.names[w.rng.IntN(len(w.names))])
		}
		if k == n-1 && footnote {
			b.WriteString("[^1]")
		}
		b.WriteString("\n\n")
		if k == 0 && img != nil {
			fmt.Fprintf(&b, "![%s](images/%s)\n\n", capitalize(w.words(vocab, 3)), img.name)
		}
		if k == 0 && w.photo(i) {
			// Its alt text takes nothing of the random source, so that
			// the posts say what they say without photos.
			fmt.Fprintf(&b, "![Photo %d](images/%s)\n\n", i+1, photoName(i))
		}
	}
	if footnote {
		fmt.Fprintf(&b, "[^1]: %s\n", w.sentence(vocab))
	}
	w.names = append(w.names, name)
	return name, b.String(), img
}

// paragraph returns two to five sentences, one word in a few emphasized,
// and now and then a link to the web or a piece of inline code.
func (w *blogWriter) paragraph(vocab []string) string {
	var s []string
	for range 2 + w.rng.IntN(4) {
		s = append(s, w.sentence(vocab))
	}
	p := strings.Join(s, " ")
	words := strings.Split(p, " ")
	switch i := w.rng.IntN(len(words) - 1); w.rng.IntN(6) {
	case 0:
		words[i] = "**" + words[i] + "**"
	case 1:
		words[i] = "*" + words[i] + "*"
	case 2:
		words[i] = fmt.Sprintf("[%s](https://example.org/%d)", words[i], w.rng.IntN(1000))
	case 3:
		words[i] = "`" + words[i] + "`"
	}
	return strings.Join(words, " ")
}

func (w *blogWriter) list(b *strings.Builder, vocab []string, numbered bool) {
	for k := range 2 + w.rng.IntN(4) {
		mark := "-"
		if numbered {
			mark = fmt.Sprintf("%d.", k+1)
		}
		fmt.Fprintf(b, "%s %s\n", mark, w.sentence(vocab))
	}
	b.WriteString("\n")
}

func (w *blogWriter) sentence(vocab []string) string {
	return capitalize(w.words(vocab, 5+w.rng.IntN(12))) + "."
}

func (w *blogWriter) words(vocab []string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocab[w.rng.IntN(len(vocab))]
	}
	return strings.Join(ws, " ")
}

func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// corpora caches the blogs Corpus made in this test process, by size.
var corpora struct {
	sync.Mutex
	dirs map[int]string
}

// Corpus returns a folder holding a generated blog of n posts (WriteBlog
// with images and French posts, seed 1), made once per process; it must
// not be changed. A package whose tests use it calls RemoveCorpora from
// TestMain, after the tests.
func Corpus(t testing.TB, n int) string {
	t.Helper()
	corpora.Lock()
	defer corpora.Unlock()
	if dir, ok := corpora.dirs[n]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("anthology-corpus-%d-", n))
	if err != nil {
		t.Fatal(err)
	}
	blog := filepath.Join(dir, "blog")
	if err := WriteBlog(blog, BlogOptions{Posts: n, Seed: 1, Images: true, French: true}); err != nil {
		t.Fatalf("write a blog of %d posts: %v", n, err)
	}
	if corpora.dirs == nil {
		corpora.dirs = map[int]string{}
	}
	corpora.dirs[n] = blog
	return blog
}

// RemoveCorpora deletes the blogs Corpus made in this process.
func RemoveCorpora() {
	corpora.Lock()
	defer corpora.Unlock()
	for n, blog := range corpora.dirs {
		os.RemoveAll(filepath.Dir(blog))
		delete(corpora.dirs, n)
	}
}

// BenchSizes are the numbers of posts of the blogs the stage benchmarks
// run on.
var BenchSizes = []int{100, 1000}

// ForEachCorpus runs bench on a generated blog (Corpus) of each of
// BenchSizes posts, as a sub-benchmark named by its size.
func ForEachCorpus(b *testing.B, bench func(b *testing.B, blog string)) {
	for _, n := range BenchSizes {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			bench(b, Corpus(b, n))
		})
	}
}

// ReportPosts reports the throughput, in posts per second, of a benchmark
// that handled posts posts in each iteration.
func ReportPosts(b *testing.B, posts int) {
	b.Helper()
	if posts == 0 {
		b.Fatal("the benchmark handled no post")
	}
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(posts)*float64(b.N)/s, "posts/s")
	}
}
