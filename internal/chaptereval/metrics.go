// Package chaptereval measures how well chapters found from posts' text
// agree with the categories their authors gave them, and how little they
// move when one post is taken away. It stands beside the pipeline: the
// chaptereval command feeds it blogs whose posts carry one category each,
// with the labels stripped before grouping, and compares anthology's
// chapters with plain baselines at the same number of chapters.
package chaptereval

import (
	"math"
)

// contingency counts the items in each pair of groups of two partitions
// of the same items, each given as a group number per item.
func contingency(a, b []int) (table map[[2]int]int, rows, cols map[int]int) {
	table, rows, cols = map[[2]int]int{}, map[int]int{}, map[int]int{}
	for i := range a {
		table[[2]int{a[i], b[i]}]++
		rows[a[i]]++
		cols[b[i]]++
	}
	return table, rows, cols
}

func choose2(n int) float64 { return float64(n) * float64(n-1) / 2 }

// ARI is the adjusted Rand index of two partitions of the same items: 1
// when they are the same, about 0 for a random one, as in Hubert and
// Arabie (1985).
func ARI(a, b []int) float64 {
	if len(a) != len(b) {
		panic("ARI: partitions of different items")
	}
	n := len(a)
	if n < 2 {
		return 1
	}
	table, rows, cols := contingency(a, b)
	var index, sumA, sumB float64
	for _, v := range table {
		index += choose2(v)
	}
	for _, v := range rows {
		sumA += choose2(v)
	}
	for _, v := range cols {
		sumB += choose2(v)
	}
	expected := sumA * sumB / choose2(n)
	most := (sumA + sumB) / 2
	if most == expected {
		return 1 // both partitions put all items together, or each apart
	}
	return (index - expected) / (most - expected)
}

// NMI is the normalized mutual information of two partitions, the mutual
// information over the mean of their entropies (scikit-learn's default):
// 1 when they are the same, 0 when independent.
func NMI(a, b []int) float64 {
	n := float64(len(a))
	if n == 0 {
		return 1
	}
	table, rows, cols := contingency(a, b)
	var mi, ha, hb float64
	for k, v := range table {
		p := float64(v) / n
		mi += p * math.Log(p*n*n/(float64(rows[k[0]])*float64(cols[k[1]])))
	}
	for _, v := range rows {
		p := float64(v) / n
		ha -= p * math.Log(p)
	}
	for _, v := range cols {
		p := float64(v) / n
		hb -= p * math.Log(p)
	}
	if ha == 0 && hb == 0 {
		return 1
	}
	if ha == 0 || hb == 0 {
		return 0
	}
	return math.Max(0, mi/((ha+hb)/2))
}

// Purity is the share of items in the truth's most common group of their
// found group.
func Purity(found, truth []int) float64 {
	if len(found) == 0 {
		return 1
	}
	table, _, _ := contingency(found, truth)
	best := map[int]int{}
	for k, v := range table {
		best[k[0]] = max(best[k[0]], v)
	}
	sum := 0
	for _, v := range best {
		sum += v
	}
	return float64(sum) / float64(len(found))
}

// Moved is how many items two partitions of the same items place apart
// once their groups are matched one to one so as to keep the most items
// together (a group matched with none moves all its items).
func Moved(a, b []int) int {
	ia, ib := index(a), index(b)
	w := make([][]float64, len(ia))
	for i := range w {
		w[i] = make([]float64, len(ib))
	}
	for i := range a {
		w[ia[a[i]]][ib[b[i]]]++
	}
	kept := 0.0
	for r, c := range maxAssignment(w) {
		if c >= 0 {
			kept += w[r][c]
		}
	}
	return len(a) - int(kept)
}

// index numbers the distinct groups of a partition from 0.
func index(p []int) map[int]int {
	m := map[int]int{}
	for _, g := range p {
		if _, ok := m[g]; !ok {
			m[g] = len(m)
		}
	}
	return m
}

// maxAssignment matches rows to columns of w one to one for the largest
// sum (the Hungarian method, on the square matrix padded with zeros). It
// returns each row's column, -1 for none.
func maxAssignment(w [][]float64) []int {
	rows := len(w)
	if rows == 0 {
		return nil
	}
	cols := len(w[0])
	n := max(rows, cols)
	cost := func(i, j int) float64 {
		if i < rows && j < cols {
			return -w[i][j]
		}
		return 0
	}
	// Potentials u, v; p[j] is the row matched with column j (1-based).
	u, v := make([]float64, n+1), make([]float64, n+1)
	p, way := make([]int, n+1), make([]int, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]float64, n+1)
		used := make([]bool, n+1)
		for j := range minv {
			minv[j] = math.Inf(1)
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0-1, j-1) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	out := make([]int, rows)
	for i := range out {
		out[i] = -1
	}
	for j := 1; j <= n; j++ {
		if p[j] > 0 && p[j] <= rows && j <= cols {
			out[p[j]-1] = j - 1
		}
	}
	return out
}

// SameNearest is the share of items whose nearest other item (nearest[i],
// -1 for none) is in the same group of truth: how often the measure of
// nearness alone would put an item with its own kind.
func SameNearest(nearest, truth []int) float64 {
	if len(truth) == 0 {
		return 0
	}
	same := 0
	for i, j := range nearest {
		if j >= 0 && truth[j] == truth[i] {
			same++
		}
	}
	return float64(same) / float64(len(truth))
}
