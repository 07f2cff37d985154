/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Text edited on several copies at once: operations over the whole text
 * (retain n characters, insert a string, delete n characters), ordered by
 * the home and transformed against each other so that concurrent typing
 * merges (docs/protocol.md, "Text").  Counts are in characters. */

typedef struct _MigTextOp MigTextOp;

MigTextOp *mig_text_op_new_diff     (const char  *before,
                                     const char  *after);
MigTextOp *mig_text_op_from_json    (JsonArray   *array,
                                     GError     **error);
JsonNode  *mig_text_op_to_json      (MigTextOp   *op);
MigTextOp *mig_text_op_copy         (MigTextOp   *op);
void       mig_text_op_free         (MigTextOp   *op);
gboolean   mig_text_op_is_noop      (MigTextOp   *op);
gsize      mig_text_op_base_length  (MigTextOp   *op);
char      *mig_text_op_apply        (MigTextOp   *op,
                                     const char  *text);
void       mig_text_op_apply_widget (MigTextOp   *op,
                                     GtkWidget   *widget);
gboolean   mig_text_op_transform    (MigTextOp   *first,
                                     MigTextOp   *second,
                                     MigTextOp  **first_out,
                                     MigTextOp  **second_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigTextOp, mig_text_op_free)

/* One end of a pair of sites editing one text (Jupiter): what this end
 * sent that the other has not yet seen. */
typedef struct
{
  guint64    sent;      /* operations this end sent */
  guint64    received;  /* operations this end received */
  GQueue     outgoing;  /* OutgoingOp: sent, not yet seen by the other end */
} MigTextSite;

#define MIG_TEXT_SITE_MAX_OUTGOING 10000

MigTextSite *mig_text_site_new      (void);
void         mig_text_site_free     (MigTextSite *site);
JsonNode    *mig_text_site_send     (MigTextSite *site,
                                     const char  *path,
                                     const char  *prop,
                                     MigTextOp   *op);
MigTextOp   *mig_text_site_receive  (MigTextSite *site,
                                     MigTextOp   *op,
                                     guint64      sent,
                                     guint64      seen,
                                     gboolean     theirs_first,
                                     GError     **error);

G_END_DECLS
