"""Mail intake: file the replies agencies send by e-mail on the right request, once."""
