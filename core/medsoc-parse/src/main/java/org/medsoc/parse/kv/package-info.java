/** Key=value dialects of firewalls: FortiGate, Huawei USG/NGFW, Sangfor NGAF and generic {@code key=value}. */
@NullMarked
package org.medsoc.parse.kv;

import org.jspecify.annotations.NullMarked;
