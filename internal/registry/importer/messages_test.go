package importer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/app"
)

// TestProblemMessagesHaveBangla: the i18n package's scan finds messages
// passed to app.Errorf and Validation.Add; the importer also words
// problems through constants, c.at(col, field, msg) and c.place(..., msg).
// Every one of those must have Bangla too.
func TestProblemMessagesHaveBangla(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	lit := func(e ast.Expr) {
		if l, ok := e.(*ast.BasicLit); ok && l.Kind == token.STRING {
			if s, err := strconv.Unquote(l.Value); err == nil {
				msgs = append(msgs, s)
			}
		}
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if strings.HasPrefix(id.Name, "msg") && i < len(n.Values) {
						lit(n.Values[i])
					}
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 {
					break
				}
				switch sel.Sel.Name {
				case "at", "place", "Add", "Problem":
					lit(n.Args[len(n.Args)-1])
				}
			}
			return true
		})
	}
	if len(msgs) < 20 {
		t.Fatalf("found only %d messages: is the scan still looking in the right places?", len(msgs))
	}
	for _, m := range msgs {
		if app.Translate("bn", m) == m {
			t.Errorf("no Bangla for %q: add it to internal/i18n/catalog/messages.imports.bn.json", m)
		}
	}
}
