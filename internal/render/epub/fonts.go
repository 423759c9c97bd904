package epub

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/anthology-book/anthology/assets"
)

// fontsDir is where embedded fonts go, beside the stylesheet's folder.
const fontsDir = "fonts/"

// font is a bundled font face the stylesheet names.
type font struct {
	file, family, weight, style string
}

// bundledFonts are the faces --embed-fonts adds: the book's serif and the
// code's monospace; their licences go with them.
var bundledFonts = []font{
	{"CharisSIL-Regular.ttf", "Charis SIL", "normal", "normal"},
	{"CharisSIL-Bold.ttf", "Charis SIL", "bold", "normal"},
	{"CharisSIL-Italic.ttf", "Charis SIL", "normal", "italic"},
	{"CharisSIL-BoldItalic.ttf", "Charis SIL", "bold", "italic"},
	{"DejaVuSansMono.ttf", "DejaVu Sans Mono", "normal", "normal"},
}

// fontLicences are the licences of the bundled fonts.
var fontLicences = []string{"LICENSE-CharisSIL.txt", "LICENSE-DejaVu.txt"}

// embeddedFile is a file of the publication that is neither a page nor an
// image: a font or its licence.
type embeddedFile struct {
	name, mediaType string
	data            []byte
}

// fontFiles are the fonts and licences to add to the book, read from the
// bundled assets.
func fontFiles() ([]embeddedFile, error) {
	var files []embeddedFile
	for _, f := range bundledFonts {
		data, err := fs.ReadFile(assets.Fonts, "fonts/"+f.file)
		if err != nil {
			return nil, fmt.Errorf("embed font %q: %w", f.file, err)
		}
		files = append(files, embeddedFile{fontsDir + f.file, "font/ttf", data})
	}
	for _, l := range fontLicences {
		data, err := fs.ReadFile(assets.Fonts, "fonts/"+l)
		if err != nil {
			return nil, fmt.Errorf("embed font licence %q: %w", l, err)
		}
		files = append(files, embeddedFile{fontsDir + l, "text/plain", data})
	}
	return files, nil
}

// fontFaces are the @font-face rules that point the stylesheet's families
// at the embedded fonts, from the stylesheet's folder.
func fontFaces() string {
	var b strings.Builder
	b.WriteString("\n/* the bundled fonts (--embed-fonts); their licences are in " + fontsDir + " */\n")
	rel := strings.Repeat("../", strings.Count(path.Dir(stylesheet), "/")+1)
	for _, f := range bundledFonts {
		fmt.Fprintf(&b, "@font-face { font-family: %q; font-weight: %s; font-style: %s; src: url(\"%s%s%s\"); }\n",
			f.family, f.weight, f.style, rel, fontsDir, f.file)
	}
	return b.String()
}
