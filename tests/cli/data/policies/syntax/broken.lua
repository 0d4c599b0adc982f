-- A policy with a syntax error on line 3.
return {
  id = "X000" name = "broken",
}
