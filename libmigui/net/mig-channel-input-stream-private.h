/*
 * Copyright 2026 The libmigui authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "mig-channel.h"

G_BEGIN_DECLS

#define MIG_TYPE_CHANNEL_INPUT_STREAM (mig_channel_input_stream_get_type ())

G_DECLARE_FINAL_TYPE (MigChannelInputStream, mig_channel_input_stream, MIG, CHANNEL_INPUT_STREAM, GInputStream)

GInputStream *mig_channel_input_stream_new (MigChannel *channel);

void mig_channel_input_stream_detach (MigChannelInputStream *self);

G_END_DECLS
