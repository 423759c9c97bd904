package theme

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/assets"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// isStopWord reports words that say nothing of a post's subject, in
// English or French whatever the post's language (blogs mix both), and in
// the post's own language (lang) and the blog's (langs) when the Snowball
// project lists their stop words. The Snowball lists are grammar words;
// the lists below add the everyday words of blog writing, which would
// otherwise name chapters ("Time & Things"). Other languages' words are
// not stop words in an English blog: "war" and "die" are words of their
// own.
func isStopWord(lower, lang string, langs []string) bool {
	if english.IsStopWord(lower) || french.IsStopWord(lower) {
		return true
	}
	if langStopWord(lower, lang) {
		return true
	}
	for _, l := range langs {
		if langStopWord(lower, l) {
			return true
		}
	}
	if _, ok := extraStopWords[lower]; ok {
		return true
	}
	_, ok := extraStopWords[stripAccents(lower)]
	return ok
}

// langStopWord reports whether lower is a stop word of lang: Snowball's
// list where it has one, else stopwords-iso's (assets/stopwords), which
// lists the grammar words of Arabic, Hindi, Italian, Portuguese, Chinese…
func langStopWord(lower, lang string) bool {
	if lang == "en" || lang == "fr" {
		return false // isStopWord's own lists
	}
	if own, ok := ownStopWords[lang]; ok {
		return own(lower)
	}
	list := isoStopWords(lang)
	_, ok := list[lower]
	return ok
}

var (
	isoMu    sync.Mutex
	isoLists map[string]json.RawMessage         // language -> its list, undecoded
	isoSets  = map[string]map[string]struct{}{} // language -> its list, decoded
)

// isoStopWords returns stopwords-iso's list for lang, or nil. The
// collection is split by language on first use, and a language's list
// decoded on its first use: an English blog reads none of it.
func isoStopWords(lang string) map[string]struct{} {
	if lang == "" {
		return nil
	}
	isoMu.Lock()
	defer isoMu.Unlock()
	if set, ok := isoSets[lang]; ok {
		return set
	}
	if isoLists == nil {
		if err := json.Unmarshal(assets.StopWords, &isoLists); err != nil {
			panic(err) // an embedded file: a broken build
		}
	}
	var words []string
	if raw, ok := isoLists[lang]; ok {
		if err := json.Unmarshal(raw, &words); err != nil {
			panic(err)
		}
	}
	var set map[string]struct{}
	if len(words) > 0 {
		set = make(map[string]struct{}, len(words))
		for _, w := range words {
			set[strings.ToLower(w)] = struct{}{}
		}
	}
	isoSets[lang] = set
	return set
}

// ownStopWords are the stop words of languages other than English and
// French, by language: Snowball's lists, as its stemmers' packages have
// them, and for German, which has none there, the list of Snowball's
// German stemmer (snowballstem.org, BSD licence).
var ownStopWords = map[string]func(string) bool{
	"de": func(w string) bool { return germanStopWords[w] },
	"es": spanish.IsStopWord,
	"sv": swedish.IsStopWord,
	"no": norwegian.IsStopWord,
	"nb": norwegian.IsStopWord,
	"nn": norwegian.IsStopWord,
	"ru": russian.IsStopWord,
	"hu": hungarian.IsStopWord,
}

var germanStopWords = wordSet(germanSnowball + " " + germanFiller)

// germanFiller are everyday words of German blog writing, as the English
// and French lists below are.
const germanFiller = `
allerdings also bereits beispiel beispielsweise bisschen dabei dadurch dafür daher damals
danach darauf darum davon deshalb direkt eben eigentlich einfach einige
endlich erst etwa folgende folgenden folgendes ganz ganze gar geht gerade
gibt gleich gut gute guten heute immer jahr jahre jahren jedoch kurz lange
leider letzte letzten mal mehr meist mittlerweile möchte natürlich neu neue
neuen neuer neues nämlich oft paar recht richtig schnell schon sehr sogar
sowie stattdessen trotzdem überall viele vielen vielleicht weise wenig
wieder wirklich wohl zeit ziemlich zudem zumindest zwei drei
`

const germanSnowball = `
aber alle allem allen aller alles als also am an ander andere anderem anderen
anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da
damit dann der den des dem die das dass daß derselbe derselben denselben
desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen
deiner deines denn derer dessen dich dir du dies diese diesem diesen dieser
dieses doch dort durch ein eine einem einen einer eines einig einige einigem
einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer
eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich
mich mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem
jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem
keinen keiner keines können könnte machen man manche manchem manchen mancher
manches mein meine meinem meinen meiner meines mit muss musste nach nicht
nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines
selbst sich sie ihnen sind so solche solchem solchen solcher solches soll
sollte sondern sonst über um und uns unsere unserem unseren unser unseres
unter viel vom von vor während war waren warst was weg weil weiter welche
welchem welchen welcher welches wenn werde werden wie wieder will wir wird
wirst wo wollen wollte würde würden zu zum zur zwar zwischen
`

var extraStopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(englishFiller + " " + frenchFiller) {
		m[w] = struct{}{}
	}
	return m
}()

const englishFiller = `
able about actually again ago ahead all almost along already alright also
although always am among amount another anyone anything anyway apart around
ask asked away back bad be became become becomes been begin behind being best
better big bit both bring brings but came can cannot case certain certainly
change changed clear close come comes coming could course day days did different
do does doing done down each easy else end enough especially etc even ever every
everyone everything example fact far feel felt few find first five follow
following found four from full gave get gets getting give given go goes going
gone good got great had hard has have having help here high hmm however idea
ideas instead into it's just keep kind knew know known large last later least
less let lets like likely little ll long look looking lot lots made main make
makes making many may maybe mean means might mind more most mostly much must
need needed needs never new next nice nothing now number often ok okay old once
one ones only open others otherwise our out over own part people perhaps place
point points possible post posts pretty probably put quick quite rather re
read real really right said same saw say says second see seem seems seen set
several shall short show side simple since small so some someone something
sometimes soon start started still stuff such sure take taken takes talk tell
than thank thanks that's then there's thing things think third though thought
three through time times today together told too took top toward tried true
try trying turn two under up upon us use used uses using usual usually ve very
want wanted wants way ways week well went whatever whether while whole why
wide within without word words work worked works would write writing written
wrote yes yet year years
`

const frenchFiller = `
ainsi alors apres assez aussi autre autres avant beaucoup bien bon ca car cela
celle celui cependant certains ces cet cette chaque chez chose choses comme
comment dans deja depuis deux donc dont encore enfin entre etc faire fait faut
fois font tout toute toutes tous tres trop peu peut plus plutot pourquoi quand
quelque quelques rien sans selon sous tant toujours vers voici voila ici la
les oui non leur leurs lors meme moins notre nos on ont puis quoi sera si sinon soit
`
