# Translator account, with the old unquoted labels for one block
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm" }
  }
}

locals {
  # a heredoc that looks like a block must not count
  doc = <<-EOT
    resource "azurerm_cognitive_account" "tr" {
    }
  EOT
  s   = "resource \"azurerm_cognitive_account\" \"tr\" { ${"}"}"
}

/*
resource "azurerm_cognitive_account" "tr" {
}
*/

resource "azurerm_cognitive_account" "tr" {
  name = "tr-prod"
  network_acls {
    default_action = "Deny"
  }
}

resource azurerm_cognitive_account legacy {
  name = "legacy"
}

module "net" {
  source = "./modules/net"
  id     = azurerm_cognitive_account.tr.id
}

module "remote" {
  source  = "Azure/avm-res-cognitiveservices-account/azurerm"
  version = "0.7.1"
}
