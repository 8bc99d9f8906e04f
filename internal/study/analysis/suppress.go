package analysis

// suppression hides small cells of a count grid (rows x columns) and the
// cells that would let a reader work them out. Each equation is a set of
// cells whose sum the reader knows; an equation with exactly one hidden
// cell gives it away, so the smallest non-zero visible cell of that
// equation is hidden too, until no equation has exactly one hidden cell.
// (An equation whose other cells are all zero or hidden cannot be
// mended this way; its known sum then is itself under MinCell, which the
// caller hides.)
func suppression(counts [][]int, equations [][][2]int) [][]bool {
	hidden := make([][]bool, len(counts))
	for i, row := range counts {
		hidden[i] = make([]bool, len(row))
		for j, c := range row {
			hidden[i][j] = c > 0 && c < MinCell
		}
	}
	for changed := true; changed; {
		changed = false
		for _, eq := range equations {
			n := 0
			for _, c := range eq {
				if hidden[c[0]][c[1]] {
					n++
				}
			}
			if n != 1 {
				continue
			}
			best := [2]int{-1, -1}
			for _, c := range eq {
				v := counts[c[0]][c[1]]
				if hidden[c[0]][c[1]] || v == 0 {
					continue
				}
				if best[0] < 0 || v < counts[best[0]][best[1]] {
					best = c
				}
			}
			if best[0] >= 0 {
				hidden[best[0]][best[1]] = true
				changed = true
			}
		}
	}
	return hidden
}

// columnEquations are the equations "the rows of column j add up to its
// base" for the given columns.
func columnEquations(rows int, cols []int) [][][2]int {
	var out [][][2]int
	for _, j := range cols {
		eq := make([][2]int, 0, rows)
		for i := 0; i < rows; i++ {
			eq = append(eq, [2]int{i, j})
		}
		out = append(out, eq)
	}
	return out
}

// rowEquations are the equations "the group columns of row i add up to
// the total column".
func rowEquations(rows int, groups []int, total int) [][][2]int {
	var out [][][2]int
	for i := 0; i < rows; i++ {
		eq := make([][2]int, 0, len(groups)+1)
		for _, j := range groups {
			eq = append(eq, [2]int{i, j})
		}
		out = append(out, append(eq, [2]int{i, total}))
	}
	return out
}
