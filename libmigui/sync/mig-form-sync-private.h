/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-form-sync.h"
#include "mig-state-private.h"
#include "mig-sync-link-private.h"

G_BEGIN_DECLS

/* A remote copy as the home sees it, or the home as a remote copy sees it. */
typedef struct
{
  MigFormSync *sync;
  MigSyncLink *link;
  char        *device;     /* NULL until its HELLO (home side) */
  char        *name;
  gboolean     watcher;
  gboolean     welcomed;
  GHashTable  *sites;      /* "path\nprop" → MigTextSite: its texts, edited at once */
} MigSyncPeer;

/* The last write of one property: what every copy converges to. */
typedef struct
{
  JsonNode *value;
  guint64   clock;         /* 0: the value the form had when it was shared */
  char     *device;
} MigSyncEntry;

/* A widget of the form with state, watched for changes. */
typedef struct
{
  MigFormSync            *sync;
  GtkWidget              *widget;     /* weak */
  char                   *path;
  const MigStateResolved *resolved;
  GPtrArray              *sources;    /* objects whose signals are connected, then the handler IDs */
  GArray                 *handlers;
} MigSyncWidget;

/* A handler on an action group of the home's. */
typedef struct
{
  GObject *source;         /* weak */
  gulong   id;
} MigSyncHandler;

struct _MigFormSync
{
  GObject          parent_instance;

  MigForm         *form;
  gboolean         home;
  char            *device_id;
  char            *device_name;
  guint            hello_id;
  MigFormSyncMode  mode;
  char            *editor;
  gboolean         watcher;
  gboolean         synced;
  gboolean         closed;
  GPtrArray       *peers;          /* MigSyncPeer */
  GHashTable      *entries;        /* "path\nprop" → MigSyncEntry */
  guint64          clock;          /* the highest clock seen */
  GHashTable      *widgets;        /* path → MigSyncWidget */
  GHashTable      *dirty;          /* MigSyncWidget set */
  guint            flush_id;
  gboolean         applying;
  GHashTable      *groups;         /* prefix → GActionGroup: home, shared; remote, proxies (not owned) */
  GPtrArray       *owned_groups;   /* the shared groups and the proxies (the window and the
                                    * application are not held: they hold the form) */
  GPtrArray       *group_handlers;  /* MigSyncHandler, each alone: weak pointers stay put */
  guint64          bytes_sent_closed;
  guint64          bytes_received_closed;
};

/* mig-form-sync.c */
void      mig_form_sync_rejoin_peer    (MigFormSync  *self,
                                        GIOStream    *stream,
                                        const char   *device,
                                        const char   *name,
                                        gboolean      watcher);
void      mig_form_sync_broadcast      (MigFormSync  *self,
                                        MigSyncPeer  *except,
                                        JsonNode     *message);
void      mig_form_sync_refuse         (MigFormSync  *self,
                                        MigSyncPeer  *peer,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
gboolean  mig_form_sync_peer_may_edit  (MigFormSync  *self,
                                        MigSyncPeer  *peer);

/* mig-form-sync-widgets.c */
void      mig_form_sync_watch_widgets  (MigFormSync  *self);
void      mig_form_sync_unwatch        (MigFormSync  *self);
void      mig_form_sync_flush          (MigFormSync  *self);
JsonNode *mig_form_sync_build_snapshot (MigFormSync  *self);
gboolean  mig_form_sync_apply_set      (MigFormSync  *self,
                                        const char   *path,
                                        const char   *prop,
                                        JsonNode     *value,
                                        guint64       clock,
                                        const char   *device,
                                        GError      **error);
void      mig_form_sync_apply_edit     (MigFormSync    *self,
                                        MigSyncPeer    *peer,
                                        MigSyncMessage *message);
void      mig_form_sync_apply_event    (MigFormSync    *self,
                                        MigSyncPeer    *peer,
                                        MigSyncMessage *message);
void      mig_form_sync_apply_snapshot (MigFormSync  *self,
                                        JsonObject   *snapshot,
                                        MigSyncPeer  *from);
void      mig_form_sync_update_sensitivity (MigFormSync *self);
void      mig_sync_entry_free          (gpointer      data);

/* mig-form-sync-actions.c */
void      mig_form_sync_watch_actions  (MigFormSync  *self);
void      mig_form_sync_unwatch_actions (MigFormSync *self);
JsonNode *mig_form_sync_build_actions  (MigFormSync  *self);
void      mig_form_sync_make_proxies   (MigFormSync  *self,
                                        JsonArray    *actions);
void      mig_form_sync_handle_action  (MigFormSync    *self,
                                        MigSyncPeer    *peer,
                                        MigSyncMessage *message);

G_END_DECLS
