package api_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/remaker-bd/remaker/internal/api"
	"github.com/remaker-bd/remaker/internal/servertest"
)

var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// docOperations lists "METHOD /path" for every operation in the document.
func docOperations(t *testing.T, d doc) []string {
	t.Helper()
	paths, ok := d["paths"].(map[string]any)
	if !ok || len(paths) == 0 {
		t.Fatal("the document has no paths")
	}
	var out []string
	for p, item := range paths {
		for m := range item.(map[string]any) {
			if m == "parameters" || m == "summary" || m == "description" {
				continue
			}
			out = append(out, strings.ToUpper(m)+" "+p)
		}
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIDocumentStructure(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		r := send(t, e, "", http.MethodGet, "/api/v1/openapi.json", "", nil)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("openapi.json without a token: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		a := newAPI(t, e)
		d := a.doc
		for _, k := range []string{"openapi", "info", "servers", "paths", "components"} {
			if _, ok := d[k]; !ok {
				t.Errorf("top-level key %s missing", k)
			}
		}
		if v, _ := d["openapi"].(string); !strings.HasPrefix(v, "3.0.") && !strings.HasPrefix(v, "3.1.") {
			t.Errorf("openapi = %q", v)
		}
		info, _ := d["info"].(map[string]any)
		if info["title"] == "" || info["version"] != "test" {
			t.Errorf("info = %v", info)
		}
		servers, _ := d["servers"].([]any)
		if len(servers) != 1 || servers[0].(map[string]any)["url"] != "/api/v1" {
			t.Errorf("servers = %v", servers)
		}
		comps, _ := d["components"].(map[string]any)
		schemas, _ := comps["schemas"].(map[string]any)
		for _, s := range []string{"Organisation", "User", "APIToken", "AuditEntry", "Problem", "NewUser", "UserPatch", "NewOrganisation", "NewAPIToken", "PasswordChange", "PasswordReset"} {
			if _, ok := schemas[s]; !ok {
				t.Errorf("schema %s missing", s)
			}
		}
		// Every operation's tag is declared, so that documentation tools
		// group and describe it.
		declared := map[string]bool{}
		for _, tag := range d["tags"].([]any) {
			declared[tag.(map[string]any)["name"].(string)] = true
		}
		for path, item := range d["paths"].(map[string]any) {
			for method, op := range item.(map[string]any) {
				if o, ok := op.(map[string]any); ok {
					for _, tag := range o["tags"].([]any) {
						if !declared[tag.(string)] {
							t.Errorf("%s %s: tag %q is not declared in the document's tags", method, path, tag)
						}
					}
				}
			}
		}
		problem := a.resolve(schemas["Problem"].(map[string]any))
		if _, ok := problem["properties"].(map[string]any)["errors"]; !ok {
			t.Error("Problem has no errors member")
		}
		bearer, _ := comps["securitySchemes"].(map[string]any)["bearerAuth"].(map[string]any)
		if bearer["type"] != "http" || bearer["scheme"] != "bearer" {
			t.Errorf("bearerAuth = %v", bearer)
		}

		ids := map[string]string{}
		for _, key := range docOperations(t, d) {
			method, path, _ := strings.Cut(key, " ")
			if !slices.Contains(methods, method) {
				t.Errorf("%s: unexpected method", key)
				continue
			}
			op := a.operation(method, path)
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] != "" {
				t.Errorf("%s: operationId %q missing or also used by %s", key, id, ids[id])
			}
			ids[id] = key
			if op["summary"] == "" || op["x-remaker-roles"] == nil {
				t.Errorf("%s: no summary or role note", key)
			}
			// Every {name} in the path is declared as a required path parameter, and nothing else is.
			var declared []string
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				p := a.resolve(p.(map[string]any))
				if p["in"] == "path" {
					if p["required"] != true {
						t.Errorf("%s: path parameter %v not required", key, p["name"])
					}
					declared = append(declared, p["name"].(string))
				}
				if p["schema"] == nil {
					t.Errorf("%s: parameter %v has no schema", key, p["name"])
				}
			}
			var inPath []string
			for _, seg := range strings.Split(path, "/") {
				if strings.HasPrefix(seg, "{") {
					inPath = append(inPath, strings.Trim(seg, "{}"))
				}
			}
			if !slices.Equal(declared, inPath) {
				t.Errorf("%s: path parameters %v, declared %v", key, inPath, declared)
			}
			responses, _ := op["responses"].(map[string]any)
			var success bool
			for code, resp := range responses {
				if code != "default" && (len(code) != 3 || code[0] < '1' || code[0] > '5') {
					t.Errorf("%s: response key %q", key, code)
				}
				success = success || code[0] == '2'
				if r := a.resolve(resp.(map[string]any)); r["description"] == nil {
					t.Errorf("%s %s: response without description", key, code)
				}
			}
			if !success {
				t.Errorf("%s: no success response", key)
			}
			public := path == "/openapi.json"
			if _, ok := responses["401"]; ok == public {
				t.Errorf("%s: 401 documented = %v, public = %v", key, ok, public)
			}
			if sec, ok := op["security"].([]any); public != (ok && len(sec) == 0) {
				t.Errorf("%s: security override %v, public = %v", key, op["security"], public)
			}
			if _, ok := op["requestBody"]; ok {
				if _, ok := responses["422"]; !ok {
					t.Errorf("%s: takes a body but documents no 422", key)
				}
			}
		}
		// Every $ref resolves.
		var walk func(x any)
		walk = func(x any) {
			switch x := x.(type) {
			case map[string]any:
				if _, ok := x["$ref"]; ok {
					a.resolve(x)
				}
				for _, v := range x {
					walk(v)
				}
			case []any:
				for _, v := range x {
					walk(v)
				}
			}
		}
		walk(map[string]any(d))
	})
}

// The document lists exactly the routes the mux serves: the same set as
// the route table; each documented operation answers an authorised caller
// with something other than 404 or 405; every other method on a
// documented path is 405; an undocumented path is 404.
func TestOpenAPIListsExactlyTheServedRoutes(t *testing.T) {
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		a := newAPI(t, e)
		ops := docOperations(t, a.doc)
		var table []string
		for _, rt := range api.Routes() {
			table = append(table, rt.Method+" "+rt.Path)
		}
		slices.Sort(table)
		if !slices.Equal(ops, table) {
			t.Fatalf("document and route table differ:\ndocument %v\ntable    %v", ops, table)
		}

		admin := e.Token("admin")
		// A token of the admin's own, for DELETE /tokens/{id}.
		_, spare, err := e.Auth.CreateAPIToken(context.Background(), e.Users["admin"].Actor(), "spare")
		if err != nil {
			t.Fatal(err)
		}
		params := map[string]string{"id": e.Users["bnsk.worker"].ID}
		byPath := map[string][]string{}
		for _, key := range ops {
			method, path, _ := strings.Cut(key, " ")
			byPath[path] = append(byPath[path], method)
			p := params
			if strings.HasPrefix(path, "/tokens/") {
				p = map[string]string{"id": spare.ID}
			}
			r := a.do(admin, method, path, p, "", "{}")
			// Only the mux's own 404 means the route is missing; a record
			// that is not there (a project with a user's ID) is a served route.
			routeMissing := r.Status == http.StatusNotFound && strings.HasPrefix(fmt.Sprint(r.JSON(t)["detail"]), "no such API route")
			if routeMissing || r.Status == http.StatusMethodNotAllowed {
				t.Errorf("%s answered %d: %s", key, r.Status, r.Body)
			}
		}
		for path, served := range byPath {
			for _, m := range methods {
				if slices.Contains(served, m) {
					continue
				}
				r := send(t, e, admin, m, "/api/v1"+fill(path, params), "", nil)
				if r.Status != http.StatusMethodNotAllowed {
					t.Errorf("%s %s (not documented) answered %d, want 405", m, path, r.Status)
					continue
				}
				allow := strings.Split(r.Header.Get("Allow"), ", ")
				for _, s := range served {
					if !slices.Contains(allow, s) {
						t.Errorf("%s %s: Allow %v lacks %s", m, path, allow, s)
					}
				}
				if r.Header.Get("Content-Type") != "application/problem+json" || r.JSON(t)["status"] != float64(405) {
					t.Errorf("%s %s: 405 is not a problem: %s", m, path, r.Body)
				}
			}
		}
		for _, p := range []string{"/api/v1/nothing", "/api/v1/users/x/y/z", "/api/v1/", "/api/v1/users/"} {
			r := send(t, e, admin, http.MethodGet, p, "", nil)
			if r.Status != http.StatusNotFound || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("GET %s: %d %s, want a 404 problem", p, r.Status, r.Header.Get("Content-Type"))
			}
		}
	})
}

// TestOpenAPISpecValidator runs the reference validator on the document
// when it is installed (pip install openapi-spec-validator).
func TestOpenAPISpecValidator(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil || exec.Command(py, "-c", "import openapi_spec_validator").Run() != nil {
		t.Skip("python3 with openapi-spec-validator is not installed")
	}
	servertest.Each(t, func(t *testing.T, e *servertest.Env) {
		r := send(t, e, "", http.MethodGet, "/api/v1/openapi.json", "", nil)
		f := filepath.Join(t.TempDir(), "openapi.json")
		if err := os.WriteFile(f, []byte(r.Body), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(py, "-c", `import sys
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
d, _ = read_from_filename(sys.argv[1])
validate(d)`, f).CombinedOutput()
		if err != nil {
			t.Fatalf("openapi-spec-validator: %v\n%s", err, out)
		}
	})
}
