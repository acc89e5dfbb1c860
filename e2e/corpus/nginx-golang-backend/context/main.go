// A stand-in for the project's server, standard library only.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stdout, "corpus stand-in backend")
}
