package theme

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
)

// post makes a post of a fixture; date is "2006-01-02" or empty.
func post(title, date string, tags []string, body string) *book.Post {
	p := &book.Post{Title: title, Tags: tags, Body: []byte(body), Source: "posts/" + titleKey(title) + ".md"}
	if date != "" {
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			panic(err)
		}
		p.Date = d
	}
	return p
}

// chaptersOf maps each chapter title to its post titles, in order.
func chaptersOf(chapters []*book.Chapter) map[string][]string {
	m := map[string][]string{}
	for _, c := range chapters {
		for _, p := range c.Posts {
			m[c.Title] = append(m[c.Title], p.Title)
		}
	}
	return m
}

func titles(chapters []*book.Chapter) []string {
	var out []string
	for _, c := range chapters {
		out = append(out, c.Title)
	}
	return out
}

func TestFoldTerm(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Kubernetes", "kubernetes", true},
		{"Kubernetes", "kubernetès", true},
		{"Container", "containers", true},
		{"Machine-Learning", "machine learning", true},
		{"machine_learning", "Machine Learnings", true},
		{"série", "Séries", true},
		{"bateau", "bateaux", true},
		{"category", "categories", true},
		{"DevOps", "dev ops", true},
		{"C++", "C", false},
		{"Kubernetes", "K8s", false},
		{"azure", "azur", false},
		{"business", "busines", false},
	}
	for _, tt := range tests {
		if got := FoldTerm(tt.a) == FoldTerm(tt.b); got != tt.same {
			t.Errorf("FoldTerm(%q)=%q, FoldTerm(%q)=%q: same=%v, want %v", tt.a, FoldTerm(tt.a), tt.b, FoldTerm(tt.b), got, tt.same)
		}
	}
}

// The check 4: four spellings of one tag, one of them an alias in
// the book file, give one chapter.
func TestTagSpellingsAndAliasesGiveOneChapter(t *testing.T) {
	posts := func() []*book.Post {
		return []*book.Post{
			post("Pods", "2020-01-01", []string{"Kubernetes"}, "About pods and nodes."),
			post("Services", "2020-02-01", []string{"kubernetes"}, "About services."),
			post("Ingress", "2020-03-01", []string{"kubernetès"}, "About ingress and nodes."),
			post("Helm", "2020-04-01", []string{"K8s"}, "About charts, and the pods they make."),
		}
	}
	tests := []struct {
		name  string
		rules []Rule
		want  map[string][]string
	}{
		{"alias in a rule", []Rule{{Name: "Kubernetes", Aliases: []string{"K8s"}}},
			map[string][]string{"Kubernetes": {"Pods", "Services", "Ingress", "Helm"}}},
		{"alias in match", []Rule{{Name: "Containers", Match: []string{"kubernetes", "k8s"}}},
			map[string][]string{"Containers": {"Pods", "Services", "Ingress", "Helm"}}},
		{"no book file: the lone K8s post folds into its nearest chapter", nil,
			map[string][]string{"Kubernetes": {"Pods", "Services", "Ingress", "Helm"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chapters, _, err := Group(posts(), Options{Rules: tt.rules})
			if err != nil {
				t.Fatal(err)
			}
			if got := chaptersOf(chapters); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("chapters = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMergedSpellingsAreReported(t *testing.T) {
	posts := []*book.Post{
		post("A", "2020-01-01", []string{"Go"}, "a"),
		post("B", "2020-01-02", []string{"go"}, "b"),
	}
	_, rep, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Msg, `"Go", "go" merged into one chapter "Go"`) {
		t.Errorf("warnings = %v, want one about merging", rep.Warnings)
	}
}

func TestKeywords(t *testing.T) {
	posts := func() []*book.Post {
		return []*book.Post{
			post("Running Kubernetes at home", "2020-01-01", nil, "A small cluster of three boards."),
			post("Notes from the garden", "2020-02-01", nil, "Tomatoes, then more tomatoes. The tomato harvest was good."),
			post("Une semaine de conteneurs", "2020-03-01", nil, "J'ai déployé des conteneurs toute la semaine."),
			post("Passing mention", "2020-04-01", nil, "Nothing here but one word: container."),
			post("Internet of Things at last", "2020-05-01", nil, "Sensors everywhere."),
		}
	}
	tests := []struct {
		name  string
		rules []Rule
		want  map[string]string // post title -> chapter
	}{
		{"title word, any case", []Rule{{Name: "Cloud", Keywords: []string{"kubernetes"}}},
			map[string]string{"Running Kubernetes at home": "Cloud"}},
		{"plurals and stems", []Rule{{Name: "Garden", Keywords: []string{"Tomato"}}},
			map[string]string{"Notes from the garden": "Garden"}},
		{"French plural and accents", []Rule{{Name: "Conteneurs", Keywords: []string{"conteneur", "déploiement"}}},
			map[string]string{"Une semaine de conteneurs": "Conteneurs"}},
		{"one mention in the text is not enough", []Rule{{Name: "Containers", Keywords: []string{"container"}}},
			map[string]string{"Passing mention": ""}},
		{"phrases with stop words", []Rule{{Name: "IoT", Keywords: []string{"internet of things"}}},
			map[string]string{"Internet of Things at last": "IoT"}},
		{"best score wins, not the first rule", []Rule{
			{Name: "Food", Keywords: []string{"garden"}},
			{Name: "Vegetables", Keywords: []string{"garden", "tomato"}},
		}, map[string]string{"Notes from the garden": "Vegetables"}},
		{"ties go to the first rule", []Rule{
			{Name: "Food", Keywords: []string{"tomato"}},
			{Name: "Vegetables", Keywords: []string{"tomato"}},
		}, map[string]string{"Notes from the garden": "Food"}},
		{"a matching tag beats keywords", []Rule{
			{Name: "Gardening", Keywords: []string{"tomato", "garden"}},
			{Name: "Home", Match: []string{"home"}},
		}, map[string]string{"Notes from the garden": "Home"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := posts()
			ps[1].Tags = []string{"Home"}
			if _, _, err := Group(ps, Options{Rules: tt.rules}); err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				want, ok := tt.want[p.Title]
				if !ok {
					continue
				}
				ruled := false
				for _, r := range tt.rules {
					ruled = ruled || p.Theme == r.Name
				}
				if want == "" && ruled || want != "" && p.Theme != want {
					t.Errorf("%q went to %q (%s), want %q", p.Title, p.Theme, p.ThemeReason, want)
				}
			}
		})
	}
}

func TestPins(t *testing.T) {
	posts := func() []*book.Post {
		ps := []*book.Post{
			post("Kubernetes, the hard way", "2017-08-23", nil, "Kubernetes everywhere. Kubernetes!"),
			post("My very first talk – feedback", "2018-05-04", nil, "Kubernetes on stage."),
			post("Holidays", "2018-07-01", nil, "Sun."),
		}
		ps[0].Slug = "kubernetes-thehard-way"
		return ps
	}
	tests := []struct {
		name     string
		rules    []Rule
		want     map[string]string
		warnings int
	}{
		{"by slug, over keywords", []Rule{
			{Name: "Kubernetes", Keywords: []string{"kubernetes"}},
			{Name: "Stories", Posts: []string{"kubernetes-thehard-way"}},
		}, map[string]string{"Kubernetes, the hard way": "Stories"}, 1}, // Kubernetes is left empty
		{"by title, case and dashes aside", []Rule{
			{Name: "Talks", Posts: []string{"my very first talk - Feedback"}},
		}, map[string]string{"My very first talk – feedback": "Talks"}, 0},
		{"a pin that names no post warns", []Rule{
			{Name: "Talks", Posts: []string{"no such post"}},
		}, map[string]string{}, 2}, // the pin, and the empty theme
		{"pinned twice: the first theme keeps it", []Rule{
			{Name: "A", Posts: []string{"Holidays"}},
			{Name: "B", Posts: []string{"holidays"}},
		}, map[string]string{"Holidays": "A"}, 2}, // the double pin, and the empty theme B
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := posts()
			_, rep, err := Group(ps, Options{Rules: tt.rules})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if want, ok := tt.want[p.Title]; ok && (p.Theme != want || p.ThemeReason != ReasonRule) {
					t.Errorf("%q went to %q (%s), want %q (rule)", p.Title, p.Theme, p.ThemeReason, want)
				}
			}
			if len(rep.Warnings) != tt.warnings {
				t.Errorf("warnings = %v, want %d", rep.Warnings, tt.warnings)
			}
		})
	}
}

// TestLanguageCodeTags leaves out a tag that is a language's code in
// lower case ("it", Italian) but keeps one in capitals ("IT", a subject).
func TestLanguageCodeTags(t *testing.T) {
	posts := []*book.Post{
		post("Servers", "2020-01-01", []string{"IT"}, "racks"),
		post("Helpdesk", "2020-01-02", []string{"IT"}, "tickets"),
		post("Roma", "2020-01-03", []string{"it"}, "ciao"),
	}
	chapters, _, err := Group(posts, Options{MinChapterSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := chaptersOf(chapters)
	if fmt.Sprint(got["IT"]) != "[Servers Helpdesk]" {
		t.Errorf("chapters = %v, want IT holding Servers and Helpdesk", got)
	}
}

func TestMinChapterSize(t *testing.T) {
	posts := func() []*book.Post {
		return []*book.Post{
			post("One", "2020-01-01", []string{"Go", "english"}, "go code"),
			post("Two", "2020-01-02", []string{"go", "english"}, "more go code"),
			post("Three", "2020-01-03", []string{"Rust", "english"}, "rust code"),
			post("Four", "2020-01-04", []string{"gardening", "Go"}, "tomatoes"),
		}
	}
	tests := []struct {
		name    string
		minSize int
		want    map[string][]string
	}{
		{"default: a tag of one post is no chapter, a language is no theme", 0,
			map[string][]string{"Go": {"One", "Two", "Four"}, "Other": {"Three"}}},
		{"min 1 keeps every tag", 1,
			map[string][]string{"Go": {"One", "Two", "Four"}, "Rust": {"Three"}}},
		{"min 4: Go is too small, everything clusters or folds", 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chapters, _, err := Group(posts(), Options{MinChapterSize: tt.minSize})
			if err != nil {
				t.Fatal(err)
			}
			got := chaptersOf(chapters)
			if tt.want == nil {
				for title := range got {
					if title == "Go" || title == "Rust" || title == "English" {
						t.Errorf("chapter %q should have folded: %v", title, got)
					}
				}
				return
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("chapters = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestChapterOrder(t *testing.T) {
	posts := func() []*book.Post {
		return []*book.Post{
			post("a1", "2021-01-01", []string{"zebra"}, "x"),
			post("a2", "2021-02-01", []string{"zebra"}, "x"),
			post("b1", "2020-01-01", []string{"apple"}, "x"),
			post("b2", "2020-02-01", []string{"apple"}, "x"),
			post("b3", "", []string{"apple"}, "x"),
			post("c1", "2019-01-01", nil, "x"),
			post("c2", "2022-01-01", []string{"mango"}, "x"),
			post("c3", "2022-02-01", []string{"mango"}, "x"),
		}
	}
	rules := []Rule{{Name: "Mangoes", Match: []string{"mango"}}, {Name: "Zebras", Match: []string{"zebra"}}}
	tests := []struct {
		order Order
		want  []string
	}{
		{"", []string{"Apple", "Zebras", "Mangoes", "Other"}},
		{ByDate, []string{"Apple", "Zebras", "Mangoes", "Other"}},
		{ByBook, []string{"Mangoes", "Zebras", "Apple", "Other"}},
		{ByTitle, []string{"Apple", "Mangoes", "Zebras", "Other"}},
		{BySize, []string{"Apple", "Zebras", "Mangoes", "Other"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.order), func(t *testing.T) {
			chapters, _, err := Group(posts(), Options{Rules: rules, Order: tt.order})
			if err != nil {
				t.Fatal(err)
			}
			if got := titles(chapters); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("order %q: %v, want %v", tt.order, got, tt.want)
			}
		})
	}
}

func TestBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"negative chapters", Options{Chapters: -1}, "chapters must not be negative"},
		{"negative size", Options{MinChapterSize: -2}, "min chapter size"},
		{"unknown order", Options{Order: "random"}, `unknown chapter order "random"`},
		{"unnamed rule", Options{Rules: []Rule{{Name: " "}}}, "theme 1 has no name"},
		{"same name twice", Options{Rules: []Rule{{Name: "Go"}, {Name: "go"}}}, `themes "Go" and "go" have the same name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Group([]*book.Post{post("a", "", nil, "")}, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestIsNumeronym(t *testing.T) {
	tests := []struct {
		short, long string
		want        bool
	}{
		{"K8s", "Kubernetes", true},
		{"i18n", "internationalization", true},
		{"a11y", "accessibility", true},
		{"K8s", "Containers", false},
		{"IoT", "Internet", false},
	}
	for _, tt := range tests {
		if got := isNumeronym(tt.short, tt.long); got != tt.want {
			t.Errorf("isNumeronym(%q, %q) = %v, want %v", tt.short, tt.long, got, tt.want)
		}
	}
}

func TestBookFileOtherTakesThemeless(t *testing.T) {
	posts := []*book.Post{
		post("Tomatoes", "2020-01-01", nil, "garden"),
		post("Pinned", "2020-01-02", nil, "nothing"),
	}
	chapters, rep, err := Group(posts, Options{Rules: []Rule{{Name: "Other", Description: "Odds and ends", Posts: []string{"Pinned"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(chapters) != 1 || chapters[0].Description != "Odds and ends" || len(chapters[0].Posts) != 2 {
		t.Errorf("chapters = %v, want one Other with both posts", chaptersOf(chapters))
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
}

func TestCategoriesBeforeTags(t *testing.T) {
	posts := []*book.Post{
		post("A", "2020-01-01", []string{"go"}, "a"),
		post("B", "2020-01-02", []string{"go"}, "b"),
		post("C", "2020-01-03", []string{"go"}, "c"),
		post("D", "2020-01-04", nil, "d"),
	}
	posts[1].Categories = []string{"Travel"}
	posts[3].Categories = []string{"travels"}
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"Go": {"A", "C"}, "Travel": {"B", "D"}}
	if got := chaptersOf(chapters); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("chapters = %v, want %v", got, want)
	}
	if posts[1].ThemeReason != ReasonCategory || posts[0].ThemeReason != ReasonTag {
		t.Errorf("reasons %q, %q: want category, tag", posts[1].ThemeReason, posts[0].ThemeReason)
	}
}

func TestNoPosts(t *testing.T) {
	chapters, rep, err := Group(nil, Options{Rules: []Rule{{Name: "Go"}}})
	if err != nil || len(chapters) != 0 || len(rep.Warnings) != 1 {
		t.Errorf("Group(nil) = %v, %v, %v: want no chapters and a warning for the empty theme", chapters, rep.Warnings, err)
	}
}

// TestManyPostsClusterInLinearMemory groups more untagged posts than the
// topic model is fitted on (maxFitPosts): every post still lands in
// one chapter, and posts on one subject stay together.
func TestManyPostsClusterInLinearMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("clusters 2,100 posts")
	}
	subjects := [][]string{
		{"kiln", "firing", "cone", "flame", "reduction", "damper", "ash"},
		{"garden", "tomato", "compost", "seedling", "weeding", "harvest", "soil"},
		{"bicycle", "chain", "saddle", "gear", "spoke", "puncture", "brake"},
		{"violin", "bow", "rosin", "scale", "string", "concerto", "tuning"},
	}
	const n = maxFitPosts + 100
	var posts []*book.Post
	for i := range n {
		words := subjects[i%len(subjects)]
		var body strings.Builder
		for j := range 40 {
			body.WriteString(words[(i*7+j*3)%len(words)] + " ")
		}
		posts = append(posts, &book.Post{Title: fmt.Sprintf("Post %d", i), Slug: fmt.Sprintf("p%d", i),
			Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour), Body: []byte(body.String())})
	}
	chapters, _, err := Group(posts, Options{Chapters: len(subjects)})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*book.Post]int{}
	for _, c := range chapters {
		bySubject := map[int]int{}
		for _, p := range c.Posts {
			seen[p]++
			var i int
			fmt.Sscanf(p.Slug, "p%d", &i)
			bySubject[i%len(subjects)]++
		}
		if len(bySubject) != 1 {
			t.Errorf("chapter %q mixes subjects: %v", c.Title, bySubject)
		}
	}
	if len(seen) != n {
		t.Errorf("%d posts in chapters, want %d", len(seen), n)
	}
	for p, k := range seen {
		if k != 1 {
			t.Errorf("%q is in %d chapters", p.Title, k)
		}
	}
}

// TestTextReadOnlyWhenNeeded checks that posts placed by their tags under
// rules without keywords have their words never read, and that keywords
// or posts left to the text read them.
func TestTextReadOnlyWhenNeeded(t *testing.T) {
	tagged := func() []*book.Post {
		var ps []*book.Post
		for i := range 12 {
			tag := []string{"gardens", "kitchens", "rivers"}[i%3]
			ps = append(ps, post(fmt.Sprintf("Note %d", i), fmt.Sprintf("2024-01-%02d", i+1), []string{tag}, "Some words on the subject of the day."))
		}
		return ps
	}
	for _, c := range []struct {
		name  string
		posts []*book.Post
		rules []Rule
		reads bool
	}{
		{"tags place every post", tagged(), []Rule{{Name: "Rivers", Match: []string{"rivers"}}}, false},
		{"a rule with keywords", tagged(), []Rule{{Name: "Days", Keywords: []string{"subject"}}}, true},
		{"an untagged post", append(tagged(), post("Loose", "2024-02-01", nil, "Words alone.")), nil, true},
	} {
		g := newGrouper(c.posts, Options{Rules: c.rules})
		g.applyRules()
		g.applyTaxonomy()
		g.applyClusters()
		if got := g.docs != nil; got != c.reads {
			t.Errorf("%s: text read %v, want %v", c.name, got, c.reads)
		}
		if chapters := g.result(); len(chapters) == 0 {
			t.Errorf("%s: no chapters", c.name)
		}
	}
}

// TestTagTitlesAsThePostsWriteThem names a chapter of a lower-case tag as
// its posts write the word, when they give it capitals of its own.
func TestTagTitlesAsThePostsWriteThem(t *testing.T) {
	posts := []*book.Post{
		post("Build", "2020-01-01", []string{"pc"}, "My new PC has a fast PC case; the pc is quiet."),
		post("Fans", "2020-02-01", []string{"pc"}, "The PC fans."),
		post("Repo", "2020-03-01", []string{"github"}, "On GitHub, as GitHub does."),
		post("Actions", "2020-04-01", []string{"github"}, "GitHub Actions."),
		post("Paths", "2020-05-01", []string{"linux"}, "linux paths, as linux has them."),
		post("Shells", "2020-06-01", []string{"linux"}, "Shells."),
	}
	chapters, _, err := Group(posts, Options{Prose: func(p *book.Post) string { return string(p.Body) }})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"GitHub": {"Repo", "Actions"}, "Linux": {"Paths", "Shells"}, "PC": {"Build", "Fans"}}
	if got := chaptersOf(chapters); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("chapters = %v, want %v", got, want)
	}
}

// TestTagTitlesAsTheAuthorTypesThem names a chapter of tags spelt in
// several cases by the spelling with capitals of its own, even when the
// lower-case one is more used and the posts write the word in code only.
func TestTagTitlesAsTheAuthorTypesThem(t *testing.T) {
	posts := []*book.Post{
		post("Ini", "2020-01-01", []string{"php"}, "Edit php.ini and run php -v."),
		post("Fpm", "2020-02-01", []string{"php"}, "Restart php-fpm."),
		post("Composer", "2020-03-01", []string{"PHP"}, "Run composer."),
		post("Go", "2020-04-01", []string{"Go"}, "Go."),
		post("Modules", "2020-05-01", []string{"go"}, "Modules."),
		post("Build", "2020-06-01", []string{"go"}, "Build."),
	}
	chapters, _, err := Group(posts, Options{Prose: func(p *book.Post) string { return string(p.Body) }})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"Go": {"Go", "Modules", "Build"}, "PHP": {"Ini", "Fpm", "Composer"}}
	if got := chaptersOf(chapters); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("chapters = %v, want %v", got, want)
	}
}

func TestCountForms(t *testing.T) {
	forms := map[string]int{}
	countForms("PC: the PC, a pc; npc PCs épc pcé PC", "pc", forms)
	if want := map[string]int{"PC": 3, "pc": 1}; fmt.Sprint(forms) != fmt.Sprint(want) {
		t.Errorf("forms %v, want %v", forms, want)
	}
}
