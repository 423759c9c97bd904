package texmath

import "strings"

// symbolKind says how a symbol is spaced.
type symbolKind uint8

const (
	ord symbolKind = iota // set as it is
	bin                   // a binary operator: spaced on the line after a term
	rel                   // a relation or arrow: spaced on the line
	big                   // a large operator (∑, ∫): set as it is, its limits as scripts
)

type symbol struct {
	text string
	kind symbolKind
}

// symbols are the commands that stand for one character.
var symbols = func() map[string]symbol {
	m := map[string]symbol{}
	add := func(kind symbolKind, pairs ...string) {
		for i := 0; i+1 < len(pairs); i += 2 {
			m[pairs[i]] = symbol{pairs[i+1], kind}
		}
	}
	add(ord,
		"alpha", "α", "beta", "β", "gamma", "γ", "delta", "δ", "epsilon", "ϵ", "varepsilon", "ε",
		"zeta", "ζ", "eta", "η", "theta", "θ", "vartheta", "ϑ", "iota", "ι", "kappa", "κ",
		"lambda", "λ", "mu", "μ", "nu", "ν", "xi", "ξ", "omicron", "ο", "pi", "π", "varpi", "ϖ",
		"rho", "ρ", "varrho", "ϱ", "sigma", "σ", "varsigma", "ς", "tau", "τ", "upsilon", "υ",
		"phi", "ϕ", "varphi", "φ", "chi", "χ", "psi", "ψ", "omega", "ω",
		"Gamma", "Γ", "Delta", "Δ", "Theta", "Θ", "Lambda", "Λ", "Xi", "Ξ", "Pi", "Π",
		"Sigma", "Σ", "Upsilon", "Υ", "Phi", "Φ", "Psi", "Ψ", "Omega", "Ω",
		"infty", "∞", "partial", "∂", "nabla", "∇", "forall", "∀", "exists", "∃", "nexists", "∄",
		"emptyset", "∅", "varnothing", "∅", "neg", "¬", "lnot", "¬", "ldots", "…", "dots", "…",
		"dotsc", "…", "dotsb", "⋯", "cdots", "⋯", "vdots", "⋮", "ddots", "⋱", "prime", "′",
		"hbar", "ℏ", "hslash", "ℏ", "ell", "ℓ", "Re", "ℜ", "Im", "ℑ", "aleph", "ℵ", "wp", "℘",
		"angle", "∠", "triangle", "△", "square", "□", "Box", "□", "blacksquare", "■", "diamond", "⋄",
		"langle", "⟨", "rangle", "⟩", "lfloor", "⌊", "rfloor", "⌋", "lceil", "⌈", "rceil", "⌉",
		"lvert", "|", "rvert", "|", "vert", "|", "lVert", "‖", "rVert", "‖", "Vert", "‖",
		"lbrace", "{", "rbrace", "}", "lbrack", "[", "rbrack", "]", "backslash", "\\",
		"degree", "°", "circ", "∘", "dagger", "†", "ddagger", "‡", "checkmark", "✓", "top", "⊤",
		"bot", "⊥", "imath", "ı", "jmath", "ȷ", "S", "§", "P", "¶", "copyright", "©", "pounds", "£",
		"natural", "♮", "flat", "♭", "sharp", "♯", "clubsuit", "♣", "diamondsuit", "♢",
		"heartsuit", "♡", "spadesuit", "♠", "surd", "√", "colon", ":", "quad", "\u2003",
		"qquad", "\u2003\u2003", "intercal", "⊺", "varkappa", "ϰ", "digamma", "ϝ", "eth", "ð",
		"mho", "℧", "complement", "∁", "dotsm", "⋯", "dotsi", "⋯", "dotso", "…", "ldotp", ".", "cdotp", "·",
		"R", "ℝ", "N", "ℕ", "Z", "ℤ", "Q", "ℚ", "C", "ℂ", "LaTeX", "LaTeX", "TeX", "TeX", "KaTeX", "KaTeX", "enspace", "\u2002", "thinspace", "\u2009", "medspace", " ",
		"thickspace", " ", "space", " ", "nobreakspace", "\u00a0",
	)
	add(bin,
		"times", "×", "cdot", "·", "pm", "±", "mp", "∓", "div", "÷", "ast", "∗", "star", "⋆",
		"bullet", "•", "circledast", "⊛", "circledcirc", "⊚", "boxplus", "⊞", "boxtimes", "⊠", "oplus", "⊕", "ominus", "⊖", "otimes", "⊗", "oslash", "⊘", "odot", "⊙",
		"setminus", "∖", "smallsetminus", "∖", "cup", "∪", "cap", "∩", "sqcup", "⊔", "sqcap", "⊓",
		"wedge", "∧", "land", "∧", "vee", "∨", "lor", "∨", "uplus", "⊎", "amalg", "⨿",
	)
	add(rel,
		"lt", "<", "gt", ">", "le", "≤", "leq", "≤", "nleq", "≰", "ngeq", "≱", "nless", "≮", "ngtr", "≯",
		"nsim", "≁", "ncong", "≇", "nparallel", "∦", "nsubseteq", "⊈", "nsupseteq", "⊉", "precsim", "≾", "succsim", "≿",
		"leqq", "≦", "geqq", "≧", "lessgtr", "≶", "gtrless", "≷", "approxeq", "≊", "backsim", "∽", "vDash", "⊨", "Vdash", "⊩", "ge", "≥", "geq", "≥", "leqslant", "⩽", "geqslant", "⩾",
		"ne", "≠", "neq", "≠", "approx", "≈", "sim", "∼", "simeq", "≃", "cong", "≅", "equiv", "≡",
		"propto", "∝", "ll", "≪", "gg", "≫", "lesssim", "≲", "gtrsim", "≳", "prec", "≺", "succ", "≻",
		"preceq", "⪯", "succeq", "⪰", "in", "∈", "notin", "∉", "ni", "∋", "subset", "⊂",
		"supset", "⊃", "subseteq", "⊆", "supseteq", "⊇", "subsetneq", "⊊", "supsetneq", "⊋",
		"sqsubseteq", "⊑", "sqsupseteq", "⊒", "mid", "∣", "nmid", "∤", "parallel", "∥",
		"perp", "⊥", "models", "⊨", "vdash", "⊢", "dashv", "⊣", "doteq", "≐", "asymp", "≍",
		"triangleq", "≜", "coloneqq", "≔", "coloneq", "≔", "eqqcolon", "≕", "bowtie", "⋈",
		"to", "→", "rightarrow", "→", "leftarrow", "←", "gets", "←", "Rightarrow", "⇒",
		"Leftarrow", "⇐", "leftrightarrow", "↔", "Leftrightarrow", "⇔", "iff", "⟺",
		"implies", "⟹", "impliedby", "⟸", "mapsto", "↦", "longrightarrow", "⟶",
		"longleftarrow", "⟵", "Longrightarrow", "⟹", "Longleftarrow", "⟸",
		"longleftrightarrow", "⟷", "Longleftrightarrow", "⟺", "longmapsto", "⟼",
		"uparrow", "↑", "downarrow", "↓", "Uparrow", "⇑", "Downarrow", "⇓", "updownarrow", "↕",
		"hookrightarrow", "↪", "hookleftarrow", "↩", "rightharpoonup", "⇀", "leftharpoonup", "↼",
		"rightleftharpoons", "⇌", "leadsto", "⇝", "nearrow", "↗", "searrow", "↘", "swarrow", "↙",
		"nwarrow", "↖", "circlearrowleft", "↺", "circlearrowright", "↻",
		"therefore", "∴", "because", "∵", "vartriangleleft", "⊲", "lhd", "⊲",
		"rhd", "⊳", "unlhd", "⊴", "unrhd", "⊵", "wr", "≀", "divides", "∣",
	)
	add(big,
		"sum", "∑", "prod", "∏", "coprod", "∐", "int", "∫", "iint", "∬", "iiint", "∭", "oint", "∮",
		"bigcup", "⋃", "bigcap", "⋂", "bigoplus", "⨁", "bigotimes", "⨂", "bigodot", "⨀",
		"bigvee", "⋁", "bigwedge", "⋀", "biguplus", "⨄", "bigsqcup", "⨆", "smallint", "∫",
	)
	return m
}()

// functions are the names set upright, as TeX sets \log.
var functions = wordSet(`arccos arcsin arctan arg argmax argmin cos cosh cot coth csc deg det dim exp
gcd hom inf ker lg lim liminf limsup ln log max min Pr sec sin sinh sup tan tanh lcm sgn tr Tr`)

// ignored are the commands that change only spacing, size or numbering.
var ignored = wordSet(`displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits nonumber notag
allowbreak nobreak hfill hline strut normalsize small large Large LARGE huge Huge tiny scriptsize footnotesize
rm it sf tt mathstrut relax centering raggedright noindent expandafter protect mathchoice`)

// accents are the commands that set a mark over their argument.
var accents = map[string]string{
	"hat": "\u0302", "widehat": "\u0302", "check": "\u030c", "tilde": "\u0303", "widetilde": "\u0303",
	"bar": "\u0304", "overline": "\u0305", "underline": "\u0332", "vec": "\u20d7", "overrightarrow": "\u20d7",
	"overleftarrow": "\u20d6", "dot": "\u0307", "ddot": "\u0308", "dddot": "\u20db", "breve": "\u0306",
	"acute": "\u0301", "grave": "\u0300", "mathring": "\u030a",
}

var doubleStruck = map[rune]string{
	'C': "ℂ", 'H': "ℍ", 'N': "ℕ", 'P': "ℙ", 'Q': "ℚ", 'R': "ℝ", 'Z': "ℤ", '1': "𝟙",
}

var script = map[rune]string{
	'B': "ℬ", 'E': "ℰ", 'F': "ℱ", 'H': "ℋ", 'I': "ℐ", 'L': "ℒ", 'M': "ℳ", 'R': "ℛ",
	'e': "ℯ", 'g': "ℊ", 'o': "ℴ", 'l': "ℓ",
}

var fraktur = map[rune]string{
	'C': "ℭ", 'H': "ℌ", 'I': "ℑ", 'R': "ℜ", 'Z': "ℨ",
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
