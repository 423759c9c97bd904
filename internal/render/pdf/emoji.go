package pdf

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strconv"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/assets"
)

// emojiCell is the size of one emoji of the sprite sheet, and emojiPitch
// the distance between two cells (one pixel of padding on each side).
const (
	emojiCell  = 64
	emojiPitch = emojiCell + 2
	// maxEmojiRunes bounds the longest sequence looked up (family ZWJ
	// sequences with skin tones reach ten code points).
	maxEmojiRunes = 10
)

var (
	emojiIndexOnce sync.Once
	emojiIndex     map[string][2]int
	emojiIndexErr  error

	// emojiRows are the rows of the sprite sheet, each decoded the first
	// time an emoji of it is drawn: one row is a 66th of the sheet, and a
	// book shows few emoji if any.
	emojiRows [emojiSheetRows]emojiRow
)

// emojiSheetRows is the number of rows of cells of the sprite sheet, each
// a PNG of its own (emoji/rows/NN.png).
const emojiSheetRows = 62

// emojiRow is one row of the sprite sheet, decoded once.
type emojiRow struct {
	once sync.Once
	img  image.Image
	err  error
}

// emojiRowImage returns row y of the sprite sheet, decoding it on first
// use.
func emojiRowImage(y int) (image.Image, error) {
	if y < 0 || y >= emojiSheetRows {
		return nil, fmt.Errorf("read emoji sheet: no row %d", y)
	}
	r := &emojiRows[y]
	r.once.Do(func() {
		name := fmt.Sprintf("emoji/rows/%02d.png", y)
		data, err := assets.Emoji.ReadFile(name)
		if err != nil {
			r.err = fmt.Errorf("read emoji sheet: %w", err)
			return
		}
		if r.img, err = png.Decode(bytes.NewReader(data)); err != nil {
			r.err = fmt.Errorf("decode emoji sheet %q: %w", name, err)
		}
	})
	return r.img, r.err
}

// emojiCells returns the sprite sheet cell of each emoji sequence, keyed
// as index.txt writes them: lower-case hex code points joined by "-",
// without U+FE0F.
func emojiCells() (map[string][2]int, error) {
	emojiIndexOnce.Do(func() {
		data, err := assets.Emoji.ReadFile("emoji/index.txt")
		if err != nil {
			emojiIndexErr = fmt.Errorf("read emoji index: %w", err)
			return
		}
		emojiIndex = map[string][2]int{}
		s := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; s.Scan(); line++ {
			f := strings.Fields(s.Text())
			if len(f) != 3 {
				emojiIndexErr = fmt.Errorf("read emoji index: line %d: want 3 fields", line)
				return
			}
			x, err1 := strconv.Atoi(f[1])
			y, err2 := strconv.Atoi(f[2])
			if err1 != nil || err2 != nil {
				emojiIndexErr = fmt.Errorf("read emoji index: line %d: bad cell", line)
				return
			}
			emojiIndex[f[0]] = [2]int{x, y}
		}
	})
	return emojiIndex, emojiIndexErr
}

// emojiKey appends r to a sequence key.
func emojiKey(key string, r rune) string {
	h := strconv.FormatInt(int64(r), 16)
	if len(h) < 4 {
		h = strings.Repeat("0", 4-len(h)) + h
	}
	if key == "" {
		return h
	}
	return key + "-" + h
}

// emojiRunes returns the code points of a sequence key.
func emojiRunes(key string) []rune {
	var rs []rune
	for _, h := range strings.Split(key, "-") {
		if r, err := strconv.ParseUint(h, 16, 32); err == nil {
			rs = append(rs, rune(r))
		}
	}
	return rs
}

// matchEmoji finds the longest emoji sequence of the index at the start of
// rs. It returns the sequence's key and how many runes it spans (U+FE0F
// included), or 0 when none starts there.
func matchEmoji(cells map[string][2]int, rs []rune) (key string, n int) {
	k := ""
	count := 0
	for i := 0; i < len(rs) && count < maxEmojiRunes; i++ {
		if rs[i] == 0xFE0F {
			if key != "" && n == i {
				n = i + 1 // the selector belongs to the match
			}
			continue
		}
		k = emojiKey(k, rs[i])
		count++
		if _, ok := cells[k]; ok {
			key, n = k, i+1
		}
	}
	return key, n
}

// emojiPNG cuts one emoji out of the sprite sheet as a PNG fpdf reads.
func emojiPNG(key string) ([]byte, error) {
	cells, err := emojiCells()
	if err != nil {
		return nil, err
	}
	cell, ok := cells[key]
	if !ok {
		return nil, fmt.Errorf("cut emoji %q: not in the set", key)
	}
	row, err := emojiRowImage(cell[1])
	if err != nil {
		return nil, err
	}
	x := cell[0]*emojiPitch + 1
	img := image.NewNRGBA(image.Rect(0, 0, emojiCell, emojiCell))
	draw.Draw(img, img.Bounds(), row, image.Pt(x, 1), draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode emoji %q: %w", key, err)
	}
	return buf.Bytes(), nil
}
