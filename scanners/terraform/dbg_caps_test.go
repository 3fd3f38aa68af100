package terraform
import ("testing";"fmt";"context")
func TestDbgCaps(t *testing.T) {
	res, _ := Load(context.Background(), "/tmp/capsdbg", Options{})
	for _, b := range res.Blocks { fmt.Printf("%s %#v %v\n", b.Address, b.Attrs, b.Unknown) }
}
