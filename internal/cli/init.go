package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/build"
	"github.com/anthology-book/anthology/internal/config"
)

// initOptions are the init command's flags and argument.
type initOptions struct {
	folder string
	title  string
	author string
	lang   string
	force  bool
}

func (o *initOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.title, "title", "", "book title (default: from the folder's name)")
	f.StringVar(&o.author, "author", "", "book author")
	f.StringVar(&o.lang, "lang", "en", `book language, e.g. "en" or "fr"`)
	f.BoolVar(&o.force, "force", false, "replace an existing book file")
}

func newInitCommand(g *globalOptions) *cobra.Command {
	opts := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init [flags] [FOLDER]",
		Short: "Write a starter book file (anthology.yaml)",
		Long: `Write a starter book file, anthology.yaml, in FOLDER (default: the current
folder): the book's title, author and language, and every other setting
commented out with what it does. compile and plan read it from the current
folder, or from the top of the first SOURCE folder.

An existing book file is kept unless --force is given.

Exit codes: 0 the file was written, 1 it could not be (it exists, or the
folder cannot be written), 2 the command line is wrong.`,
		Example: `  anthology init --title "Cloud in the Alps" --author "Frederi Mandin" myblog
  anthology compile myblog`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.folder = "."
			if len(args) == 1 {
				opts.folder = args[0]
			}
			return runInit(g, opts)
		},
	}
	opts.addFlags(cmd.Flags())
	return cmd
}

func runInit(g *globalOptions, o *initOptions) error {
	path := filepath.Join(o.folder, config.DefaultName)
	if _, err := os.Stat(path); err == nil && !o.force {
		return userError{msg: fmt.Sprintf("%s already exists", path), hint: "edit it, or use --force to replace it"}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("check %q: %w", path, err)
	}
	title := o.title
	if title == "" {
		abs, err := filepath.Abs(o.folder)
		if err != nil {
			return fmt.Errorf("find folder %q: %w", o.folder, err)
		}
		title = build.DefaultTitle(abs)
	}
	var text strings.Builder
	err := starterBookFile.Execute(&text, map[string]string{
		"Title": strconv.Quote(title), "Author": strconv.Quote(o.author), "Lang": strconv.Quote(o.lang),
	})
	if err != nil {
		return fmt.Errorf("write book file: %w", err)
	}
	// What init writes must be what compile reads.
	if _, err := config.Parse([]byte(text.String())); err != nil {
		return fmt.Errorf("starter book file does not parse: %w", err)
	}
	if err := os.MkdirAll(o.folder, 0o755); err != nil {
		return fmt.Errorf("create folder: %w", err)
	}
	err = writeAtomically(path, func(f *os.File) error {
		_, err := f.WriteString(text.String())
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if !g.quiet {
		fmt.Fprintf(g.stdout, "wrote %s\n", path)
	}
	return nil
}

var starterBookFile = template.Must(template.New("book").Parse(`# The book file of anthology: what the compile command reads besides the
# posts. Flags given to compile win over what is here.

title: {{.Title}}
author: {{.Author}}
lang: {{.Lang}}                 # the book's language; a post in another one is detected and marked

# subtitle: ""                  # printed under the title
# description: ""               # the book's description in the EPUB
# cover: cover.jpg              # an image, relative to this file; default: one drawn from the title
# fonts: [fonts/zenhei.ttc]     # TrueType fonts for scripts the bundled ones lack (Chinese,
                                # Japanese, Korean...), tried before the machine's; relative
                                # to this file

# Where the blog lived, so that links between posts point inside the book:
# baseURL: https://example.org
# permalinks: /:year/:month/:day/:slug/

# Chapters, in book order. Without themes, chapters come from categories,
# then tags, then the posts' text; "anthology plan --write FILE" writes
# them here for you to edit.
# themes:
#   - name: Travel
#     description: Notes from the road   # printed under the chapter title
#     match: [travel, trips]             # tags and categories
#     aliases: [voyage]                  # other spellings
#     keywords: [train, "night bus"]     # words looked for in titles and text
#     posts: [my-first-trip]             # posts pinned by slug or title

# What a blog's own Hugo shortcodes or Jekyll tags mean:
# shortcodes:
#   figureproc: {as: figure}            # figure | quote | code | link | drop | text
# site:
#   baseurl: ""                         # values of {{"{{"}} site.x {{"}}"}}

# What stores and catalogues read (all optional):
# authors: [Ann Example, Bob Example]   # several authors, instead of author:
# author_sort: "Example, Ann"           # the first author as catalogues sort it
# publisher: Lake Press
# isbn: 978-0-306-40615-7               # checked; the EPUB's identifier becomes urn:isbn:...
# identifier: urn:uuid:...              # else one derived from title and author
# rights: © 2024 Ann Example
# edition: First edition, 2024          # the PDF's imprint page prints it
# series: {name: Notes, number: 2}
# contributors:                         # with MARC relator roles: edt, ill, trl, pht...
#   - {name: Carla Example, role: trl}
# subjects: [TRV000000, travel]         # BISAC codes, thema:CODE, or words
# subjects_from_chapters: false         # also list the chapters' titles as subjects
# published: 2024-05-01                 # date of publication (dc:date); else the build date

# The printed book: split the PDF into volumes a printer binds.
# printer: kdp                          # kdp, ingram or lulu: at most 828, 1200 or 800 pages a volume

# Accessibility: an image without alt text is a warning, and the EPUB then
# claims no conformance to EPUB Accessibility 1.1. Images that need none:
# decorative: ["divider-*.png"]         # names or globs; or give the image the title "decorative"
# accessibility:
#   summary: ""                         # instead of the summary written from anthology's checks
#   certified_by: ""                    # who certified the book's accessibility
#   credential: ""
#   report: ""                          # address of the certifier's report
`))
