package markup

import (
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

// paragraph renders body of flavor f and returns its first paragraph's
// content.
func paragraph(t *testing.T, body string, f book.Flavor) string {
	t.Helper()
	d := Parse(&book.Post{ID: "p01", Source: "t.md", Body: []byte(body), Flavor: f})
	out, err := d.XHTML(XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<p>(.*?)</p>`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no paragraph in %q", out)
	}
	return m[1]
}

func TestLooseEmphasis(t *testing.T) {
	kramdown := book.Flavor{LooseEmphasis: true}
	tests := []struct {
		name, md string
		// loose is what kramdown's reading gives, commonMark what
		// CommonMark's does (the flavor's zero value).
		loose, commonMark string
	}{
		{"strong closing after a full stop, before a letter",
			"天亮了。**这一句要紧。**我们继续走。",
			"天亮了。<strong>这一句要紧。</strong>我们继续走。", "天亮了。**这一句要紧。**我们继续走。"},
		{"strong opening after a letter, before a bracket",
			"请看**「标题」**这里",
			"请看<strong>「标题」</strong>这里", "请看**「标题」**这里"},
		{"Japanese",
			"**この文を強調します。**次の文です。",
			"<strong>この文を強調します。</strong>次の文です。", "**この文を強調します。**次の文です。"},
		{"Korean",
			"**이 낱말(예시)**을 보세요.",
			"<strong>이 낱말(예시)</strong>을 보세요.", "**이 낱말(예시)**을 보세요."},
		{"emphasis beside CJK punctuation",
			"这是*（旁白）*之后",
			"这是<em>（旁白）</em>之后", "这是*（旁白）*之后"},
		{"Latin punctuation inside, a letter outside",
			`Then **"cited"**after and *(an aside)*later.`,
			"Then <strong>“cited”</strong>after and <em>(an aside)</em>later.",
			"Then **“cited”**after and *(an aside)*later."},
		{"plain emphasis reads alike",
			"Some *soft* and **loud** words",
			"Some <em>soft</em> and <strong>loud</strong> words", "Some <em>soft</em> and <strong>loud</strong> words"},
		{"underscores inside words stay",
			"call snake_case_words and a_b_c now",
			"call snake_case_words and a_b_c now", "call snake_case_words and a_b_c now"},
		{"underscores inside CJK words stay",
			"变量_名字_在此",
			"变量_名字_在此", "变量_名字_在此"},
		{"stars between digits",
			"2*3*4 is 24",
			"2<em>3</em>4 is 24", "2<em>3</em>4 is 24"},
		{"stars with spaces around do nothing",
			"a * b * c and 5 ** 2",
			"a * b * c and 5 ** 2", "a * b * c and 5 ** 2"},
		{"a star before a space closes nothing",
			"**not bold **here",
			"**not bold **here", "**not bold **here"},
		{"stars in code stay",
			"`**x**` and `a*b*c`。**重点。**后",
			"<code>**x**</code> and <code>a*b*c</code>。<strong>重点。</strong>后",
			"<code>**x**</code> and <code>a*b*c</code>。**重点。**后"},
		{"underscore emphasis beside CJK punctuation",
			"他说_「好」_，然后",
			"他说<em>「好」</em>，然后", "他说_「好」_，然后"},
		{"an underscore a letter follows closes nothing, as in kramdown",
			"他说_「好」_然后",
			"他说_「好」_然后", "他说_「好」_然后"},
		{"mixed Latin and CJK",
			"Use **「引号」**inside English and **bold** too.",
			"Use <strong>「引号」</strong>inside English and <strong>bold</strong> too.",
			"Use **「引号」**inside English and <strong>bold</strong> too."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paragraph(t, tt.md, kramdown); got != tt.loose {
				t.Errorf("loose emphasis:\n got %s\nwant %s", got, tt.loose)
			}
			if got := paragraph(t, tt.md, book.Flavor{}); got != tt.commonMark {
				t.Errorf("CommonMark:\n got %s\nwant %s", got, tt.commonMark)
			}
		})
	}
}

func TestEscapedSpace(t *testing.T) {
	md := "中文\\ **（重点）**\\ 中文 and a\\ b and a\\\\ b"
	if got, want := paragraph(t, md, book.Flavor{EscapedSpace: true}), `中文<strong>（重点）</strong>中文 and ab and a\ b`; got != want {
		t.Errorf("escaped space:\n got %s\nwant %s", got, want)
	}
	if got, want := paragraph(t, md, book.Flavor{}), `中文\ <strong>（重点）</strong>\ 中文 and a\ b and a\ b`; got != want {
		t.Errorf("CommonMark:\n got %s\nwant %s", got, want)
	}
}

func TestEastAsianBreaks(t *testing.T) {
	md := "第一行\n第二行\nEnglish\nwords\n中文\nEnglish\n"
	tests := []struct {
		style book.EastAsianBreaks
		want  string
	}{
		{book.BreaksAsSpace, "第一行\n第二行\nEnglish\nwords\n中文\nEnglish"},
		{book.BreaksSimple, "第一行第二行\nEnglish\nwords\n中文\nEnglish"},
		{book.BreaksCSS3Draft, "第一行第二行English\nwords中文English"},
	}
	for _, tt := range tests {
		if got := paragraph(t, md, book.Flavor{EastAsianBreaks: tt.style}); got != tt.want {
			t.Errorf("style %d:\n got %q\nwant %q", tt.style, got, tt.want)
		}
	}
	// The PDF reads the same document: the break is gone from the text.
	d := Parse(&book.Post{ID: "p01", Body: []byte(md), Flavor: book.Flavor{EastAsianBreaks: book.BreaksSimple}})
	if prose := d.Prose(); !strings.HasPrefix(prose, "第一行第二行 English") {
		t.Errorf("prose %q", prose)
	}
}

// FuzzFlavors parses any text in each flavor: no panic, and well-formed
// XHTML.
func FuzzFlavors(f *testing.F) {
	f.Add("天亮了。**这一句要紧。**我们\n继续走。\\ *（旁白）*_「好」_，")
	f.Add("***a**b*c_d_ **\"q\"**x *(y)*z `**` 2*3*4 \\\\ \\ ")
	f.Fuzz(func(t *testing.T, md string) {
		for _, fl := range []book.Flavor{
			{LooseEmphasis: true},
			{EscapedSpace: true, EastAsianBreaks: book.BreaksSimple},
			{LooseEmphasis: true, EscapedSpace: true, EastAsianBreaks: book.BreaksCSS3Draft},
		} {
			out, err := Parse(&book.Post{ID: "p1", Source: "f.md", Body: []byte(md), Flavor: fl}).XHTML(XHTMLOptions{})
			if err != nil {
				continue
			}
			dec := xml.NewDecoder(strings.NewReader("<body xmlns:epub=\"e\">" + out + "</body>"))
			for {
				if _, err := dec.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("flavor %+v: not well-formed (%v): %q -> %q", fl, err, md, out)
				}
			}
		}
	})
}
