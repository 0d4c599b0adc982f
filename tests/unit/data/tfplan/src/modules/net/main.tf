variable "id" {
  type = string
}

// the endpoint
resource "azurerm_private_endpoint" "this" {
  name = "pe"
}
