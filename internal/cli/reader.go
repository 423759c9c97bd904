package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/confine"
)

// readerOptions are the compile flags that fit the book to e-readers: its
// cover, its size, and a Kobo edition.
type readerOptions struct {
	cover   string
	maxSize byteSize
	kobo    bool
}

// defaultMaxSize is Kindle's limit for a book sent to it.
const defaultMaxSize = 50 << 20

func (o *readerOptions) addFlags(f *pflag.FlagSet) {
	o.maxSize = defaultMaxSize
	f.StringVar(&o.cover, "cover", "", "cover image, PNG or JPEG (default: the book file's cover:, else one drawn from the title, author and years)")
	f.Var(&o.maxSize, "max-size", `largest EPUB to write, e.g. "50MB" or "20MiB"; images shrink to fit (0: no limit)`)
	f.BoolVar(&o.kobo, "kobo", false, "also write a Kobo edition (.kepub.epub) next to the EPUB")
}

// byteSize is a size in bytes given on the command line as "50MB",
// "20MiB", "800k" or a plain number of bytes. KB, MB and GB count in 1024s,
// as e-reader stores do.
type byteSize int64

func (s *byteSize) Set(v string) error {
	n, err := parseByteSize(v)
	if err != nil {
		return err
	}
	*s = byteSize(n)
	return nil
}

func (s byteSize) Type() string { return "size" }

// String writes the size as the flag takes it, rounded to a tenth:
// "50MB", "28.8KB", "512B".
func (s byteSize) String() string {
	if s < 1<<10 {
		return strconv.FormatInt(int64(s), 10) + "B"
	}
	return strings.ReplaceAll(confine.Size(int64(s)), " ", "")
}

func parseByteSize(v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	units := []struct {
		suffix string
		mult   float64
	}{
		{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10},
		{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10},
		{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1},
	}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f*mult > 1<<50 {
		return 0, fmt.Errorf("%q is not a size (e.g. 50MB, 20MiB, 800KB)", v)
	}
	return int64(f * mult), nil
}
