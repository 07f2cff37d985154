/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define G_LOG_DOMAIN "migui"

#include "config.h"

#include "mig-versions-private.h"

/* Compares dotted versions numerically: "0.10" is newer than "0.9". */
int
mig_compare_versions (const char *a,
                      const char *b)
{
  while (*a != '\0' || *b != '\0')
    {
      guint64 na = g_ascii_strtoull (a, (char **) &a, 10);
      guint64 nb = g_ascii_strtoull (b, (char **) &b, 10);

      if (na != nb)
        return na < nb ? -1 : 1;
      while (*a != '\0' && *a != '.')
        a++;
      while (*b != '\0' && *b != '.')
        b++;
      if (*a == '.')
        a++;
      if (*b == '.')
        b++;
    }
  return 0;
}
